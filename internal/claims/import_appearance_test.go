package claims_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
)

// addAppearances records, out of order, a dated appearance at midnight, an
// undated print one and one dated to the second.
func addAppearances(t *testing.T, svc *claims.Service, claimID int64) {
	t.Helper()
	for _, in := range []claims.NewAppearance{
		{Outlet: "The Evening Post (print)", Claimant: "The operator's spokesman"},
		{URL: "https://radio.example.com/bulletin?utm_medium=social", Outlet: "Radio North",
			AppearedAt: ptr(time.Date(2026, 11, 14, 7, 45, 30, 0, time.UTC))},
		{URL: "https://social.example.net/p/991", Outlet: "Social", AppearedAt: ptr(time.Date(2026, 11, 12, 0, 0, 0, 0, time.UTC)),
			Claimant: "A union official"},
	} {
		if _, err := svc.AddAppearance(context.Background(), claimID, in); err != nil {
			t.Fatal(err)
		}
	}
}

func TestImport_AppearancesSurviveAnExportImportExportByteForByte(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		st, err := svc.CreateStory(ctx, importer, claims.NewStory{Slug: "seen", Title: "Where the claim was seen"})
		if err != nil {
			t.Fatal(err)
		}
		c, err := svc.AddClaim(ctx, importer, st.ID, claims.NewClaim{Text: "The dam has cracks."})
		if err != nil {
			t.Fatal(err)
		}
		addAppearances(t, svc, c.ID)
		file := export(t, svc, "seen")
		want := "    appearances:\n" +
			"      - url: https://social.example.net/p/991\n        outlet: Social\n        appeared_at: \"2026-11-12\"\n        claimant: A union official\n" +
			"      - url: https://radio.example.com/bulletin\n        outlet: Radio North\n        appeared_at: \"2026-11-14T07:45:30Z\"\n" +
			"      - outlet: The Evening Post (print)\n        claimant: The operator's spokesman\n"
		if !strings.Contains(string(file), want) {
			t.Errorf("the export lacks the appearances, earliest first:\n%s\nwant\n%s", file, want)
		}

		other := newService(another(t, db))
		mustImport(t, other, "seen.yaml", file)
		if copied := export(t, other, "seen"); string(copied) != string(file) {
			t.Errorf("the copy's export differs:\n%s\n---\n%s", file, copied)
		}
		if rep := mustImport(t, other, "seen.yaml", file); rep.Changed() {
			t.Errorf("importing the same file again changed %v", rep.Changes)
		}
		d, err := other.ClaimDetail(ctx, c.ID, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(d.Appearances) != 3 || d.Appearances[0].Claimant != "A union official" || d.Appearances[2].AppearedAt != nil {
			t.Errorf("the copy's claim page would list %+v", d.Appearances)
		}
	})
}

func TestImport_AddsTheFilesNewAppearancesAndKeepsTheOthers(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		richStory(t, svc)
		file := export(t, svc, "dam-report")
		// The print appearance left out, a new one added.
		file = edit(t, file, "      - outlet: The Evening Post (print)\n        claimant: The operator's spokesman\n",
			"      - url: https://tv.example.org/news#clip\n        outlet: TV North\n        appeared_at: 2026-11-20\n")
		rep := mustImport(t, svc, "more.yaml", file)
		if len(rep.Changes) != 1 || !strings.Contains(rep.Changes[0].Message, "added appearance") || rep.Changes[0].Line == 0 {
			t.Errorf("changes = %v; want the one appearance added, at its line", rep.Changes)
		}
		after := string(export(t, svc, "dam-report"))
		for _, want := range []string{"url: https://tv.example.org/news\n", "outlet: The Evening Post (print)"} {
			if !strings.Contains(after, want) {
				t.Errorf("the story's export lacks %q:\n%s", want, after)
			}
		}

		bad := edit(t, file, "url: https://tv.example.org/news#clip", "url: ftp://tv.example.org/clip")
		if _, err := importBytes(t, svc, "bad.yaml", bad); claims.ErrorCode(err) != claims.EINVALID ||
			!strings.Contains(claims.ErrorMessage(err), "line ") {
			t.Errorf("a bad appearance address gave %v; want a problem at its line", err)
		}
	})
}
