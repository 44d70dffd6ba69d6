package modelgen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func writePkg(t *testing.T, src string) string {
	t.Helper()
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "models.go"), []byte("package tribehr\n\n"+src), 0o644))
	return dir
}

func TestGenerateEveryKind(t *testing.T) {
	dir := writePkg(t, `
type Image struct {
	URL   Field[string] `+"`json:\"url,omitzero\"`"+`
	Extra Extra        `+"`json:\"-\"`"+`
}

type Thing struct {
	ID      Field[ID]               `+"`json:\"id,omitzero\"`"+`
	Picture Object[Image]           `+"`json:\"picture,omitzero\" tribehr:\"resolve=attachments\"`"+`
	Parts   Field[[]Image]          `+"`json:\"parts,omitzero\"`"+`
	Places  Field[OneOrMany[Image]] `+"`json:\"places,omitzero\"`"+`
	Extra   Extra                   `+"`json:\"-\"`"+`
}

// NotAModel has no Extra and is left alone.
type NotAModel struct{ X int }
`)
	files, err := Generate(dir)
	require.NoError(t, err)
	src := string(files["models_gen.go"])
	for _, want := range []string{
		"func decodeThing(d *decoder, o *Thing)",
		`case "picture":`,
		"objectField(d, &o.Picture, decodeImage)",
		"d.resolveImage(&o.Picture, attachmentsPath)",
		"listField(d, &o.Parts, decodeImage)",
		"oneOrManyField(d, &o.Places, decodeImage)",
		"func (o *Thing) GetPicture() *Image",
		"func (o *Thing) GetPlaces() (v OneOrMany[Image])",
		"func (o Thing) Equal(p Thing) bool",
		"func (o Thing) LogValue() slog.Value",
		"func (o *Thing) UnparsedFields() []UnparsedField",
	} {
		assert.Contains(t, src, want)
	}
	assert.NotContains(t, src, "NotAModel")
}

func TestGenerateRefusesWhatItCannotRead(t *testing.T) {
	tests := map[string]string{
		"an embedded object by value": "type M struct {\n\tL Field[Location] `json:\"l\"`\n\tExtra Extra\n}\ntype Location struct {\n\tExtra Extra\n}",
		"no json tag":                 "type M struct {\n\tA Field[string]\n\tExtra Extra\n}",
		"an unknown scalar":           "type M struct {\n\tA Field[float64] `json:\"a\"`\n\tExtra Extra\n}",
		"a plain field":               "type M struct {\n\tA string `json:\"a\"`\n\tExtra Extra\n}",
		"an unknown tribehr tag":      "type M struct {\n\tA Field[string] `json:\"a\" tribehr:\"x\"`\n\tExtra Extra\n}",
		"resolve on a non-image":      "type M struct {\n\tA Field[string] `json:\"a\" tribehr:\"resolve\"`\n\tExtra Extra\n}",
		"a list of a non-model":       "type M struct {\n\tA Field[[]Nope] `json:\"a\"`\n\tExtra Extra\n}",
		"two fields on a line":        "type M struct {\n\tA, B Field[string] `json:\"a\"`\n\tExtra Extra\n}",
	}
	for name, src := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := Generate(writePkg(t, src))
			require.Error(t, err)
			assert.True(t, strings.HasPrefix(err.Error(), "models.go: ") || strings.Contains(err.Error(), "not a model"), err.Error())
		})
	}
}
