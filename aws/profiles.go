package aws

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Profiles lists the profile names of the shared config file ([default],
// [profile x]) and the shared credentials file ([x]), honouring
// AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, sorted and without
// duplicates. Missing files contribute nothing.
func Profiles() ([]string, error) {
	configFile, credentialsFile, err := sharedFiles()
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, f := range []struct {
		path     string
		isConfig bool
	}{{configFile, true}, {credentialsFile, false}} {
		names, err := profilesIn(f.path, f.isConfig)
		if err != nil {
			return nil, err
		}
		for _, n := range names {
			seen[n] = true
		}
	}
	out := make([]string, 0, len(seen))
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out, nil
}

func sharedFiles() (configFile, credentialsFile string, err error) {
	configFile, credentialsFile = os.Getenv("AWS_CONFIG_FILE"), os.Getenv("AWS_SHARED_CREDENTIALS_FILE")
	if configFile != "" && credentialsFile != "" {
		return configFile, credentialsFile, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", "", fmt.Errorf("find the AWS config files: %w", err)
	}
	if configFile == "" {
		configFile = filepath.Join(home, ".aws", "config")
	}
	if credentialsFile == "" {
		credentialsFile = filepath.Join(home, ".aws", "credentials")
	}
	return configFile, credentialsFile, nil
}

// profilesIn reads the section names of one INI file the way the SDK treats
// them: in the config file only [default] and [profile x] are profiles; in the
// credentials file every section except [profile x] is.
func profilesIn(path string, isConfig bool) ([]string, error) {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read AWS profiles: %w", err)
	}
	defer f.Close()
	var names []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		section, ok := sectionName(sc.Text())
		if !ok {
			continue
		}
		if name, ok := profileName(section, isConfig); ok {
			names = append(names, name)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read AWS profiles from %s: %w", path, err)
	}
	return names, nil
}

// sectionName returns the trimmed name of an INI section header line.
func sectionName(line string) (string, bool) {
	line = strings.TrimSpace(line)
	if !strings.HasPrefix(line, "[") {
		return "", false
	}
	end := strings.IndexByte(line, ']')
	if end < 0 {
		return "", false
	}
	return strings.TrimSpace(line[1:end]), true
}

func profileName(section string, isConfig bool) (string, bool) {
	const prefix = "profile "
	switch {
	case section == "":
		return "", false
	case isConfig && section == "default":
		return section, true
	case isConfig && strings.HasPrefix(section, prefix):
		name := strings.TrimSpace(strings.TrimPrefix(section, prefix))
		return name, name != ""
	case isConfig:
		return "", false // [sso-session x], [services x], or invalid
	case strings.HasPrefix(section, prefix):
		return "", false // the SDK ignores prefixed sections in the credentials file
	}
	return section, true
}
