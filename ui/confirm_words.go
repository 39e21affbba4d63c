package ui

import "fmt"

// confirmQuestion is line mode's question before a change of n calls in
// where: "Make this change in Account B", "Make these 3 changes in Palette".
func confirmQuestion(n int, where string) string {
	if n == 1 {
		return "Make this change in " + where
	}
	return fmt.Sprintf("Make these %d changes in %s", n, where)
}
