package fakecmd

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestShellQuoteAndParseExport(t *testing.T) {
	for _, v := range []string{
		"https://127.0.0.1:8443",
		"/tmp/tribehr-fake-123/ca.pem",
		"/Users/Ann Lee/My Certs/ca.pem",
		"it's",
		"dec0de00000000000000000000000000000000a1",
		"a;rm -rf ~",
	} {
		line := ExportPrefix + "X=" + shellQuote(v)
		name, got, ok := ParseExport(line)
		assert.True(t, ok, line)
		assert.Equal(t, "X", name)
		assert.Equal(t, v, got, line)
	}
	assert.Equal(t, "/tmp/a.pem", shellQuote("/tmp/a.pem"), "safe values stay bare")
	assert.Equal(t, `'a b'`, shellQuote("a b"))
	assert.Equal(t, `''`, shellQuote(""))
	_, _, ok := ParseExport("export X=1")
	assert.False(t, ok, "only the banner's indented lines")
}

func TestStartForTest(t *testing.T) {
	f := StartForTest(t, "-insecure-http")
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, f.URL)
	assert.Equal(t, f.URL, f.Env["TRIBEHR_BASE_URL"])
	assert.Equal(t, "", f.Env["TRIBEHR_CA_FILE"])
	assert.Equal(t, ReadyLine, f.Banner[len(f.Banner)-1])
}
