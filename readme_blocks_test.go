package tribehr_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readmeSources are the compiled files the READMEs' Go blocks come from:
// regions of readme_test.go (and of redislimit's readme_test.go and
// example_test.go, compiled and run by that module's tests), and whole
// programs.
var (
	readmes           = []string{"README.md", "redislimit/README.md"}
	readmeRegionFiles = []string{"readme_test.go", "redislimit/readme_test.go", "redislimit/example_test.go"}
	readmeWholeFiles  = []string{"examples/hello/main.go"}
)

var (
	goBlockRE = regexp.MustCompile("(?ms)^```go\n(.*?)^```\n")
	regionRE  = regexp.MustCompile(`(?ms)^([ \t]*)// readme:begin (\S+)\n(.*?)^[ \t]*// readme:end\n`)
	linkRE    = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	headingRE = regexp.MustCompile(`(?m)^#+ (.+)$`)
	codeRE    = regexp.MustCompile("(?ms)^```.*?^```\n|`[^`\n]*`")
)

// regions returns the readme regions of src, by name, without the
// indentation of their begin line.
func regions(t *testing.T, src string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range regionRE.FindAllStringSubmatch(src, -1) {
		indent, name, body := m[1], m[2], m[3]
		var lines []string
		for _, l := range strings.Split(strings.Trim(body, "\n"), "\n") {
			if l != "" && !strings.HasPrefix(l, indent) {
				t.Fatalf("region %s: line %q is indented less than its begin line", name, l)
			}
			lines = append(lines, strings.TrimPrefix(l, indent))
		}
		_, dup := out[name]
		require.False(t, dup, "two regions named %s", name)
		out[name] = strings.Join(lines, "\n")
	}
	return out
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return string(b)
}

// TestREADMEGoBlocks: every Go block of the READMEs is, character for
// character, a region of readme_test.go (or of redislimit's) or a whole
// program of examples/, which the build compiles and the tests run; and
// every region is in a README.
func TestREADMEGoBlocks(t *testing.T) {
	var readme string
	for _, f := range readmes {
		readme += readFile(t, f)
	}
	known := map[string]string{} // text -> where
	for _, f := range readmeRegionFiles {
		for name, text := range regions(t, readFile(t, f)) {
			known[text] = f + " region " + name
		}
	}
	for _, f := range readmeWholeFiles {
		known[strings.Trim(readFile(t, f), "\n")] = f
	}
	blocks := goBlockRE.FindAllStringSubmatch(readme, -1)
	require.NotEmpty(t, blocks)
	used := map[string]bool{}
	for _, b := range blocks {
		text := strings.Trim(b[1], "\n")
		where, ok := known[text]
		if !assert.True(t, ok, "this README block is not compiled anywhere; copy it from, or into, %s:\n%s", readmeRegionFiles[0], text) {
			continue
		}
		used[where] = true
	}
	for _, where := range known {
		assert.True(t, used[where], "%s is not in the README any more", where)
	}
}

// TestREADMELinks: the README links only what a reader of the repository
// has: files and directories of the repository, its own headings, and
// pages on the web; never the team's private copy of the API documents.
func TestREADMELinks(t *testing.T) {
	for _, doc := range []string{"README.md", "CONTRIBUTING.md", "docs/api-quirks.md", "redislimit/README.md"} {
		text := readFile(t, doc)
		assert.NotContains(t, text, "shared/reference", doc)
		text = codeRE.ReplaceAllString(text, "") // links are in the prose
		anchors := map[string]bool{}
		for _, h := range headingRE.FindAllStringSubmatch(text, -1) {
			a := strings.ToLower(strings.TrimSpace(h[1]))
			a = regexp.MustCompile(`[^a-z0-9 -]`).ReplaceAllString(a, "")
			anchors["#"+strings.ReplaceAll(a, " ", "-")] = true
		}
		for _, m := range linkRE.FindAllStringSubmatch(text, -1) {
			target := m[1]
			switch {
			case strings.HasPrefix(target, "https://"):
			case strings.HasPrefix(target, "#"):
				assert.True(t, anchors[target], "%s: no heading for %s", doc, target)
			default:
				path := filepath.Join(filepath.Dir(doc), strings.SplitN(target, "#", 2)[0])
				_, err := os.Stat(path)
				assert.NoError(t, err, "%s links %s", doc, target)
			}
		}
	}
	assert.Contains(t, readFile(t, "README.md"), "](https://github.com/TribeHR/tribehr.github.io)", "the public API documentation")
}
