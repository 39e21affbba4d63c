// Package soak runs real bslwiz processes against one shared sandbox, served
// in the test process on loopback: two applies of one location racing for
// its journal, and a soak of many applies and undos under injected faults
// and kill -9 at random calls, after which the emulators must hold nothing
// duplicated, nothing left behind and every foreign resource intact.
//
// The tests build bslwiz (TestMain) and run it as child processes. The
// package has no code outside its tests.
package soak
