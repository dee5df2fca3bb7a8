package app

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/claimtrack/claimtrack/internal/claims"
)

// statusFile is the format of CLAIMTRACK_STATUSES: YAML, or JSON (which
// YAML reads too).
type statusFile struct {
	Statuses []struct {
		ID          string `yaml:"id"`
		Label       string `yaml:"label"`
		Description string `yaml:"description"`
		Resolved    bool   `yaml:"resolved"`
		Color       string `yaml:"color"`
		Rating      int    `yaml:"rating"`
	} `yaml:"statuses"`
}

// loadVocabulary returns the built-in vocabulary for an empty path, else
// the one the file describes, validated; errors name the file and, for
// syntax, the line.
func loadVocabulary(path string) (*claims.Vocabulary, error) {
	if path == "" {
		return claims.DefaultVocabulary(), nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("statuses file (CLAIMTRACK_STATUSES): %w", err)
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	// A misspelt key ("resolve:") must not silently make a status open.
	dec.KnownFields(true)
	var f statusFile
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("statuses file %s: %w", path, err)
	}
	list := make([]claims.Status, 0, len(f.Statuses))
	for _, s := range f.Statuses {
		list = append(list, claims.Status{ID: s.ID, Label: s.Label, Description: s.Description, Resolved: s.Resolved,
			Color: s.Color, Rating: s.Rating})
	}
	v, err := claims.NewVocabulary(list)
	if err != nil {
		return nil, fmt.Errorf("statuses file %s: %s", path, claims.ErrorMessage(err))
	}
	return v, nil
}
