// Package openapi holds claimtrack's OpenAPI 3 document, written by hand in
// openapi.yaml and embedded, so that the binary serves the same description
// the web package's tests hold every route and response to.
package openapi

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

//go:embed openapi.yaml
var source []byte

// RoleExtension is the operation extension naming the role an operation
// needs ("editor", "admin"); OpenAPI's security schemes say how a client
// proves who it is, not what it may do.
const RoleExtension = "x-claimtrack-role"

// Doc is the parsed document with its JSON form, as served.
type Doc struct {
	// T is the document, validated and with its references resolved.
	T *openapi3.T
	// JSON is the document as served at /api/openapi.json.
	JSON []byte
}

// Load parses and validates the embedded document. It is parsed once: the
// document is part of the binary, so every call returns the same Doc (or
// the same error, which the web package's tests make sure never happens).
var Load = sync.OnceValues(func() (*Doc, error) { return parse(source) })

func parse(src []byte) (*Doc, error) {
	t, err := openapi3.NewLoader().LoadFromData(src)
	if err != nil {
		return nil, fmt.Errorf("openapi: parse: %w", err)
	}
	if err := t.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: invalid document: %w", err)
	}
	b, err := json.Marshal(t)
	if err != nil {
		return nil, fmt.Errorf("openapi: encode: %w", err)
	}
	return &Doc{T: t, JSON: b}, nil
}
