// Package defaults is how claimtrack's constructors give their options
// defaults: the defaults are a value of the options' own type, and every
// field the caller left unset takes its value from it. It imports only the
// standard library.
package defaults

import "reflect"

// Fill sets every exported field of *opts that is unset to the same field
// of def. Unset means zero, or negative for a signed number or a float (a
// negative timeout, size or limit means nothing sensible). A field whose
// default is zero is left as the caller set it, so a default value need
// only name the fields that have one. T must be a struct type.
func Fill[T any](opts *T, def T) {
	v, d := reflect.ValueOf(opts).Elem(), reflect.ValueOf(def)
	for i := range v.NumField() {
		f, df := v.Field(i), d.Field(i)
		if f.CanSet() && !df.IsZero() && unset(f) {
			f.Set(df)
		}
	}
}

func unset(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() <= 0
	case reflect.Float32, reflect.Float64:
		return v.Float() <= 0
	}
	return v.IsZero()
}
