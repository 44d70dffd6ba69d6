package tribehr

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/tribehr/tribehr-go/internal/modelgen"
)

// The generated model code is what the generator writes from the model
// definitions today: after changing a model, run go generate.
func TestGeneratedModelsAreCurrent(t *testing.T) {
	files, err := modelgen.Generate(".")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for name, want := range files {
		got, err := os.ReadFile(name)
		require.NoError(t, err, "%s is missing: run go generate", name)
		assert.Equal(t, string(want), string(got), "%s is stale: run go generate", name)
	}
	// No generated file is left over from a model that is gone.
	onDisk, err := os.ReadDir(".")
	require.NoError(t, err)
	for _, e := range onDisk {
		if name := e.Name(); len(name) > 7 && name[len(name)-7:] == "_gen.go" {
			assert.Contains(t, files, name, "%s is not generated any more: delete it", name)
		}
	}
}
