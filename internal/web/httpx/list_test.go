package httpx

import (
	"encoding/json"
	"testing"

	"github.com/claimtrack/claimtrack/internal/claims"
)

func TestListOf_ShowsEveryItemWithNoNextPage(t *testing.T) {
	b, err := json.Marshal(ListOf([]int{1, 2}, func(n int) int { return n * 10 }))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := string(b), `{"items":[10,20],"next":null}`; got != want {
		t.Errorf("ListOf = %s, want %s", got, want)
	}
	if b, _ := json.Marshal(ListOf([]int(nil), func(n int) int { return n })); string(b) != `{"items":[],"next":null}` {
		t.Errorf("an empty list = %s, want items [] (never null)", b)
	}
}

func TestPaged_TrimsTheExtraItemAndPointsNextAtTheLastShown(t *testing.T) {
	p := claims.Page{Limit: 2}
	body := Paged(p, []int64{9, 8, 7}, func(n int64) int64 { return n }, func(n int64) int64 { return n })
	if len(body.Items) != 2 || body.Next == nil || *body.Next != "8" {
		t.Errorf("Paged = %v next %v, want [9 8] next 8", body.Items, body.Next)
	}
	if body := Paged(p, []int64{9, 8}, func(n int64) int64 { return n }, func(n int64) int64 { return n }); body.Next != nil {
		t.Errorf("the last page has next %q, want none", *body.Next)
	}
}
