package httpx

import "testing"

func TestDoneURL_QueryGoesBeforeTheFragment(t *testing.T) {
	for _, tc := range []struct{ path, done, want string }{
		{"/editor/claims/7", "status", "/editor/claims/7?done=status"},
		{"/editor/claims/7#watches-form", "watches", "/editor/claims/7?done=watches#watches-form"},
		{"/editor/stories/a-b", "two words", "/editor/stories/a-b?done=two+words"},
	} {
		if got := DoneURL(tc.path, tc.done); got != tc.want {
			t.Errorf("DoneURL(%q, %q) = %q, want %q", tc.path, tc.done, got, tc.want)
		}
	}
}
