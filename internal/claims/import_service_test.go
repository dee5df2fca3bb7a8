package claims_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/claimtrack/claimtrack/internal/claims"
	"github.com/claimtrack/claimtrack/internal/demo"
	"github.com/claimtrack/claimtrack/internal/store"
	"github.com/claimtrack/claimtrack/internal/store/storetest"
	"github.com/claimtrack/claimtrack/internal/storyfile"
)

var importer = claims.Actor{Name: "import"}

// another returns a second, empty database of the same kind as db.
func another(t *testing.T, db *store.DB) *store.DB {
	t.Helper()
	if db.Dialect() == store.DialectPostgres {
		return storetest.Postgres(t)
	}
	return storetest.SQLite(t)
}

func newService(db *store.DB) *claims.Service {
	return claims.NewService(db, claims.DefaultVocabulary(), nil)
}

// export returns the editors' export of a story as file bytes.
func export(t *testing.T, svc *claims.Service, slug string) []byte {
	t.Helper()
	f, err := svc.ExportStory(context.Background(), slug, false)
	if err != nil {
		t.Fatal(err)
	}
	b, err := storyfile.Format(f)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// importBytes parses and imports a file.
func importBytes(t *testing.T, svc *claims.Service, name string, b []byte) (*claims.ImportReport, error) {
	t.Helper()
	f, err := storyfile.Parse(b)
	if err != nil {
		t.Fatalf("Parse(%s) = %v\n%s", name, err, b)
	}
	return svc.ImportStory(context.Background(), importer, name, f)
}

// mustImport imports a file that must import.
func mustImport(t *testing.T, svc *claims.Service, name string, b []byte) *claims.ImportReport {
	t.Helper()
	rep, err := importBytes(t, svc, name, b)
	if err != nil {
		t.Fatalf("ImportStory(%s) = %v", name, err)
	}
	return rep
}

// eventCount counts every timeline event of a story, internal ones too.
func eventCount(t *testing.T, db *store.DB, storyID int64) int {
	t.Helper()
	evs, err := db.Events(context.Background(), claims.EventQuery{StoryID: storyID, Page: claims.Page{Limit: claims.MaxPageLimit}})
	if err != nil {
		t.Fatal(err)
	}
	return len(evs)
}

func TestImport_DemoStoryExportImportExportIsAFixedPoint(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, claims.DefaultVocabulary()); err != nil {
			t.Fatal(err)
		}
		svc := newService(db)
		first := export(t, svc, demo.Slug)
		st, err := svc.StoryBySlug(ctx, demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		events := eventCount(t, db, st.ID)

		rep := mustImport(t, svc, "demo.yaml", first)
		if rep.Changed() || rep.Created {
			t.Errorf("importing the export changed %v", rep.Changes)
		}
		if got := eventCount(t, db, st.ID); got != events {
			t.Errorf("%d events after the import, want %d", got, events)
		}
		if again := export(t, svc, demo.Slug); string(again) != string(first) {
			t.Errorf("export changed after importing itself:\n%s\n---\n%s", first, again)
		}
		for _, want := range []string{"checks_paused: true", "kind: wire", "stance: supports", "status: partly_confirmed", "id: 7"} {
			if !strings.Contains(string(first), want) {
				t.Errorf("the demo export lacks %q", want)
			}
		}

		// Into an empty database: the same story, the same file.
		other := newService(another(t, db))
		rep = mustImport(t, other, "demo.yaml", first)
		if !rep.Created || !rep.Changed() {
			t.Errorf("report = %+v; want the story created", rep)
		}
		copied := export(t, other, demo.Slug)
		if string(copied) != string(first) {
			t.Errorf("the story exported from the new database differs:\n%s\n---\n%s", first, copied)
		}
		if rep := mustImport(t, other, "demo.yaml", copied); rep.Changed() {
			t.Errorf("second import into the new database changed %v", rep.Changes)
		}
		// The demo's made-up addresses stay unchecked in the copy too.
		ids, err := other.CheckableSourceIDs(ctx)
		if err != nil || len(ids) != 0 {
			t.Errorf("CheckableSourceIDs = %v, %v; want none (the demo's sources are paused)", ids, err)
		}
	})
}

// richStory builds, through the service, a draft story with every kind of
// field an export holds, and history an export leaves out.
func richStory(t *testing.T, svc *claims.Service) *claims.Story {
	t.Helper()
	ctx := context.Background()
	ed := claims.Actor{Name: "Ed"}
	st, err := svc.CreateStory(ctx, ed, claims.NewStory{Slug: "dam-report", Title: "Engineers' report on the dam",
		Summary:      "A leaked report says the dam has cracks.\nThe operator disputes it.",
		Context:      []claims.QA{{Question: "Which dam?", Answer: "The upper reservoir's: \"Dam #2\" in the report."}},
		Perspectives: claims.Perspectives{Agree: []string{"Inspections are due."}, Split: []string{"How urgent repairs are."}}})
	if err != nil {
		t.Fatal(err)
	}
	add := func(text, status, settle string) *claims.Claim {
		c, err := svc.AddClaim(ctx, ed, st.ID, claims.NewClaim{Text: text, Status: status, WhatWouldSettle: settle})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	cracks := add("The report found cracks in the spillway.", "unverified", "The full report, or the regulator's inspection.")
	level := add("The reservoir was lowered by 3 metres.", "investigating", "")
	mistake := add("A claim entered by mistake.", "unverified", "")
	link := func(c *claims.Claim, in claims.NewSourceLink) *claims.LinkedSource {
		ls, err := svc.LinkSource(ctx, ed, c.ID, in)
		if err != nil {
			t.Fatal(err)
		}
		return ls
	}
	leak := link(cracks, claims.NewSourceLink{URL: "https://news.example.com/dam-report?utm_source=x#top", Outlet: "Example News",
		OutletKind: "independent", Title: "Leaked report: cracks in dam", Stance: "supports"})
	link(cracks, claims.NewSourceLink{Outlet: "Radio North", OutletKind: "independent", Title: "Morning bulletin", Stance: "context"})
	link(level, claims.NewSourceLink{URL: "https://operator.example.org/levels", Outlet: "Operator", OutletKind: "official", Stance: "disputes"})
	link(level, claims.NewSourceLink{URL: "https://news.example.com/dam-report", Outlet: "Example News", OutletKind: "independent", Stance: "supports"})
	if _, err := svc.AddEvidence(ctx, ed, cracks.ID, claims.NewEvidence{Summary: "The report's page 4 describes cracks.",
		Stance: "supports", SourceURL: leak.URL, Quote: "hairline cracks along the spillway"}); err != nil {
		t.Fatal(err)
	}
	gone, err := svc.AddEvidence(ctx, ed, cracks.ID, claims.NewEvidence{Summary: "Withdrawn evidence.", Stance: "disputes"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.WithdrawEvidence(ctx, ed, gone.ID, "Misread"); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddEvidence(ctx, ed, level.ID, claims.NewEvidence{Summary: "Residents saw the shoreline drop.", Stance: "supports"}); err != nil {
		t.Fatal(err)
	}
	review := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	if _, err := svc.UpdateClaim(ctx, ed, level.ID, claims.ClaimPatch{ReviewBy: &review, Version: level.Version}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.SetWatches(ctx, ed, cracks.ID, claims.WatchesInput{Phrases: []string{"spillway closed"},
		Numbers: []claims.NumberWatch{{Label: "crack length", SourceID: &leak.ID, Pattern: `([0-9.]+) metres`, Comparison: "> 2", Propose: "confirmed"}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.WithdrawClaim(ctx, ed, mistake.ID, "Duplicate"); err != nil {
		t.Fatal(err)
	}
	addAppearances(t, svc, cracks.ID)
	return st
}

func TestImport_EveryKindOfFieldSurvivesACopyToAnotherDatabase(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		richStory(t, svc)
		file := export(t, svc, "dam-report")
		for _, want := range []string{"published: false", "question: Which dam?", "agree:", "split:", "url: https://news.example.com/dam-report\n",
			"outlet: Radio North", "kind: official", "review_by: \"2026-12-01\"", "quote: hairline cracks along the spillway",
			"phrases:", "- spillway closed", "source: example-news", "propose: confirmed", "stance: context",
			"appearances:\n      - url: https://social.example.net/p/991\n", "appeared_at: \"2026-11-12\"", "claimant: A union official"} {
			if !strings.Contains(string(file), want) {
				t.Errorf("the export lacks %q:\n%s", want, file)
			}
		}
		for _, absent := range []string{"Withdrawn evidence", "entered by mistake", "utm_source"} {
			if strings.Contains(string(file), absent) {
				t.Errorf("the export has %q:\n%s", absent, file)
			}
		}
		if strings.Count(string(file), "ref: example-news") != 1 {
			t.Errorf("a source cited by two claims must be listed once:\n%s", file)
		}

		other := newService(another(t, db))
		mustImport(t, other, "dam.yaml", file)
		copied := export(t, other, "dam-report")
		// Claim ids are the new database's own; everything else is the same.
		if strip(copied) != strip(file) {
			t.Errorf("the copy differs:\n%s\n---\n%s", file, copied)
		}
		if rep := mustImport(t, other, "dam.yaml", copied); rep.Changed() {
			t.Errorf("importing the copy's export changed %v", rep.Changes)
		}
		if again := export(t, other, "dam-report"); string(again) != string(copied) {
			t.Errorf("export → import → export is not a fixed point:\n%s\n---\n%s", copied, again)
		}
	})
}

// strip drops claim ids from a file.
func strip(b []byte) string {
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if !strings.HasPrefix(l, "  - id: ") {
			out = append(out, l)
		} else {
			out = append(out, "  - ")
		}
	}
	return strings.Join(out, "\n")
}

// edit replaces old with new in a file, failing when old is absent.
func edit(t *testing.T, b []byte, old, new string) []byte {
	t.Helper()
	if !strings.Contains(string(b), old) {
		t.Fatalf("%q not in the file:\n%s", old, b)
	}
	return []byte(strings.Replace(string(b), old, new, 1))
}

func TestImport_EditsInTheFileUpdateTheStoryThroughTheService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		st := richStory(t, svc)
		before, err := db.ClaimsByStory(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		cracks, level := before[0], before[1]
		file := export(t, svc, "dam-report")
		file = edit(t, file, "title: Engineers' report on the dam", "title: Engineers' leaked report on the dam")
		file = edit(t, file, "published: false", "published: true")
		file = edit(t, file, "text: The report found cracks in the spillway.", "text: The leaked report found cracks in the spillway.")
		file = edit(t, file, "status: investigating", "status: refuted")
		file = edit(t, file, "      - source: radio-north\n        stance: context\n", "")
		file = edit(t, file, "      - source: operator\n        stance: disputes", "      - source: operator\n        stance: supports")
		file = edit(t, file, "      - summary: Residents saw the shoreline drop.\n        stance: supports\n",
			"      - summary: Satellite images show the old shoreline.\n        stance: disputes\n")
		file = edit(t, file, "        - spillway closed\n", "        - spillway closed\n        - emergency release\n")
		file = append(file, "  - text: The operator knew of the cracks in 2024.\n    status: unverified\n    sources:\n      - source: radio-north\n        stance: supports\n"...)

		rep := mustImport(t, svc, "edit.yaml", file)
		if rep.Created || len(rep.Changes) == 0 {
			t.Fatalf("report = %+v", rep)
		}
		got := map[string]bool{}
		for _, c := range rep.Changes {
			if c.Line == 0 {
				t.Errorf("change %q names no line", c.Message)
			}
			got[strings.Fields(c.Message)[0]] = true
		}
		for _, verb := range []string{"changed", "published", "reworded", "moved", "unlinked", "linked", "withdrew", "added", "set"} {
			if !got[verb] {
				t.Errorf("no %q among the changes %v", verb, rep.Changes)
			}
		}

		after, err := db.ClaimsByStory(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(after) != len(before)+1 {
			t.Fatalf("%d claims, want %d", len(after), len(before)+1)
		}
		if after[0].ID != cracks.ID || after[0].Text != "The leaked report found cracks in the spillway." {
			t.Errorf("the reworded claim is %+v; want claim %d with the new text", after[0], cracks.ID)
		}
		if after[1].Status != "refuted" || after[1].ResolvedAt == nil {
			t.Errorf("claim %d is %s (resolved %v), want refuted", level.ID, after[1].Status, after[1].ResolvedAt)
		}
		hist, err := svc.StatusHistory(ctx, level.ID)
		if err != nil || len(hist) == 0 || hist[len(hist)-1].Note != "Imported from edit.yaml" {
			t.Errorf("status history = %+v, %v; want the change noted as imported", hist, err)
		}
		links, err := db.SourcesByClaim(ctx, cracks.ID)
		if err != nil || len(links) != 1 {
			t.Errorf("claim %d has %d links (%v), want 1", cracks.ID, len(links), err)
		}
		links, _ = db.SourcesByClaim(ctx, level.ID)
		for _, l := range links {
			if l.Outlet == "Operator" && l.Stance != claims.StanceSupports {
				t.Errorf("the operator's stance is %s, want supports", l.Stance)
			}
		}
		// The print source the new claim cites is the story's own, not a copy.
		added, _ := db.SourcesByClaim(ctx, after[len(after)-1].ID)
		if len(added) != 1 || added[0].Outlet != "Radio North" {
			t.Fatalf("new claim's sources = %+v", added)
		}
		d, err := svc.StoryDetail(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		var radio int
		for _, s := range d.Sources {
			if s.Outlet == "Radio North" {
				radio++
			}
		}
		if radio != 1 {
			t.Errorf("%d Radio North sources on the story, want 1", radio)
		}
		if story, _ := svc.StoryBySlug(ctx, "dam-report"); !story.Published || !strings.Contains(story.Title, "leaked") {
			t.Errorf("story = %+v", story)
		}
		w, err := svc.Watches(ctx, cracks.ID)
		if err != nil || len(w.Watches.Phrases) != 2 {
			t.Errorf("watches = %+v, %v; want two phrases", w, err)
		}

		// The edited file now matches: importing it again changes nothing.
		if rep := mustImport(t, svc, "edit.yaml", export(t, svc, "dam-report")); rep.Changed() {
			t.Errorf("re-import changed %v", rep.Changes)
		}
	})
}

func TestImport_ClaimsTheFileLeavesOutAreKept(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		st := richStory(t, svc)
		file := export(t, svc, "dam-report")
		i := strings.Index(string(file), "  - id: ")
		j := strings.Index(string(file)[i+1:], "  - id: ")
		// Drop the first claim from the file.
		cut := append([]byte(string(file[:i])), file[i+1+j:]...)
		cut = []byte(strings.Replace(string(cut), "  - ref: radio-north\n    outlet: Radio North\n    kind: independent\n    title: Morning bulletin\n", "", 1))
		rep := mustImport(t, svc, "partial.yaml", cut)
		if rep.Changed() {
			t.Errorf("changes = %v; want none", rep.Changes)
		}
		if len(rep.Kept) != 1 || !strings.Contains(rep.Kept[0].Message, "not in the file") {
			t.Errorf("kept = %v; want the left-out claim named", rep.Kept)
		}
		cs, _ := db.ClaimsByStory(context.Background(), st.ID)
		if cs[0].Withdrawn {
			t.Error("the claim left out of the file was withdrawn")
		}
	})
}

func TestImport_AFileWithAnErrorImportsNothingAndNamesTheLine(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		st := richStory(t, svc)
		file := export(t, svc, "dam-report")
		events := eventCount(t, db, st.ID)
		// Good edits first, then a status the vocabulary lacks near the end.
		bad := edit(t, file, "title: Engineers' report on the dam", "title: Changed title")
		bad = edit(t, bad, "text: The report found cracks in the spillway.", "text: Reworded.")
		bad = append(bad, "  - text: A new claim.\n  - text: Another new claim.\n    status: rumoured\n"...)
		line := strings.Count(string(bad), "\n") // the status line is the last one

		_, err := importBytes(t, svc, "bad.yaml", bad)
		var fe *claims.FileError
		if !errors.As(err, &fe) || len(fe.Problems) != 1 {
			t.Fatalf("ImportStory = %v; want one problem", err)
		}
		if p := fe.Problems[0]; p.Line != line || !strings.Contains(p.Message, `unknown status "rumoured"`) {
			t.Errorf("problem = %v; want line %d naming the status", p, line)
		}
		if claims.ErrorCode(err) != claims.EINVALID || !strings.HasPrefix(claims.ErrorMessage(err), "line ") {
			t.Errorf("error %q (code %s) should be invalid and start with its line", err, claims.ErrorCode(err))
		}
		if after := export(t, svc, "dam-report"); string(after) != string(file) {
			t.Errorf("the story changed:\n%s\n---\n%s", file, after)
		}
		if got := eventCount(t, db, st.ID); got != events {
			t.Errorf("%d events, want %d: the failed import wrote some", got, events)
		}

		// A new story with a bad address in its last source: no story at all.
		newStory := []byte("title: A new story\nsources:\n  - {ref: a, outlet: A, kind: wire, url: \"https://a.example/\"}\n" +
			"  - {ref: b, outlet: B, kind: wire, url: \"ftp://b.example/file\"}\nclaims:\n  - text: C\n    sources:\n" +
			"      - {source: a, stance: supports}\n      - {source: b, stance: supports}\n")
		_, err = importBytes(t, svc, "new.yaml", newStory)
		if !errors.As(err, &fe) || fe.Problems[0].Line != 4 || !strings.Contains(fe.Problems[0].Message, "only http and https") {
			t.Errorf("ImportStory = %v; want line 4 naming the address", err)
		}
		if n, err := svc.CountStories(ctx); err != nil || n != 1 {
			t.Errorf("CountStories = %d, %v; want 1", n, err)
		}
		if _, err := db.SourceByURL(ctx, "https://a.example/"); !claims.IsNotFound(err) {
			t.Errorf("the first source was created (err %v)", err)
		}
	})
}

func TestImport_IdsNamingOtherClaimsLoseToMatchingText(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		// Ids in the file that name other claims of this story: the texts win.
		st, err := svc.CreateStory(ctx, importer, claims.NewStory{Slug: "s", Title: "S"})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := svc.AddClaim(ctx, importer, st.ID, claims.NewClaim{Text: "A"})
		b, _ := svc.AddClaim(ctx, importer, st.ID, claims.NewClaim{Text: "B"})
		file := []byte("title: S\nslug: s\nclaims:\n" +
			"  - {id: " + itoa(b.ID) + ", text: A}\n" +
			"  - {id: " + itoa(a.ID) + ", text: B}\n")
		if rep := mustImport(t, svc, "swap.yaml", file); rep.Changed() {
			t.Errorf("changes = %v; want none (both texts match)", rep.Changes)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestExport_ReadersGetPublishedStoriesWithoutEditorsData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		richStory(t, svc)
		if _, err := svc.ExportStory(ctx, "dam-report", true); !claims.IsNotFound(err) {
			t.Errorf("public export of a draft = %v, want not found", err)
		}
		st, _ := svc.StoryBySlug(ctx, "dam-report")
		if _, err := svc.UpdateStory(ctx, importer, "dam-report", claims.StoryPatch{Published: ptr(true), Version: st.Version}); err != nil {
			t.Fatal(err)
		}
		f, err := svc.ExportStory(ctx, "dam-report", true)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range f.Claims {
			if c.Watches != nil {
				t.Errorf("claim %d: readers got its watches", c.ID)
			}
		}
		// Importing the readers' file keeps the watches it lacks.
		b, _ := storyfile.Format(f)
		if rep := mustImport(t, svc, "public.yaml", b); rep.Changed() {
			t.Errorf("importing the public export changed %v", rep.Changes)
		}
	})
}

func ptr[T any](v T) *T { return &v }

func TestImport_AKnownSourceKeepsItsDetailsAndAbsentPublishedKeepsTheState(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		richStory(t, svc)
		st, _ := svc.StoryBySlug(ctx, "dam-report")
		if _, err := svc.UpdateStory(ctx, importer, "dam-report", claims.StoryPatch{Published: ptr(true), Version: st.Version}); err != nil {
			t.Fatal(err)
		}
		file := export(t, svc, "dam-report")
		file = edit(t, file, "published: true\n", "")
		file = edit(t, file, "outlet: Operator\n    kind: official", "outlet: The Operator Ltd\n    kind: official\n    checks_paused: true")
		rep := mustImport(t, svc, "kept.yaml", file)
		if len(rep.Changes) != 1 || !strings.Contains(rep.Changes[0].Message, "paused checks") {
			t.Errorf("changes = %v; want only the paused checks", rep.Changes)
		}
		if len(rep.Kept) != 1 || !strings.Contains(rep.Kept[0].Message, "already known as Operator") {
			t.Errorf("kept = %v; want the operator's stored details named", rep.Kept)
		}
		src, err := db.SourceByURL(ctx, "https://operator.example.org/levels")
		if err != nil || src.Outlet != "Operator" || !src.ChecksPaused {
			t.Errorf("source = %+v, %v; want the stored outlet, checks paused", src, err)
		}
		if st, _ := svc.StoryBySlug(ctx, "dam-report"); !st.Published {
			t.Error("a file without `published` unpublished the story")
		}
	})
}

// bigStory returns a story file with claims claims, each citing its own
// source and carrying one piece of evidence, and the line of each claim.
func bigStory(slug string, claims int) ([]byte, []int) {
	var b strings.Builder
	fmt.Fprintf(&b, "slug: %s\ntitle: A story with many claims\nsources:\n", slug)
	for i := range claims {
		fmt.Fprintf(&b, "  - {ref: s%d, outlet: Outlet %d, kind: wire, url: \"https://news%d.example/\"}\n", i, i, i)
	}
	b.WriteString("claims:\n")
	lines := make([]int, claims)
	for i := range claims {
		lines[i] = strings.Count(b.String(), "\n") + 1
		fmt.Fprintf(&b, "  - text: Claim number %d.\n    sources:\n      - {source: s%d, stance: supports}\n    evidence:\n      - {summary: Evidence %d, stance: supports}\n", i, i, i)
	}
	return []byte(b.String()), lines
}

func TestImport_VolumeCapsPerFileNameTheFirstLineOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		file, lines := bigStory("too-big", claims.MaxStoryClaims+1)
		_, err := importBytes(t, svc, "big.yaml", file)
		var fe *claims.FileError
		if !errors.As(err, &fe) || len(fe.Problems) != 3 {
			t.Fatalf("ImportStory = %v; want three problems (claims, sources, evidence)", err)
		}
		want := map[int]string{
			lines[claims.MaxStoryClaims]:     "the file has 501 claims; a story holds at most 500",
			claims.MaxStorySources + 4:       "the file has 501 sources",
			lines[claims.MaxStoryClaims] + 4: "the file has 501 pieces of evidence",
		}
		for _, p := range fe.Problems {
			if w, ok := want[p.Line]; !ok || !strings.Contains(p.Message, w) {
				t.Errorf("problem %v; want one of %v", p, want)
			}
		}
		if n, err := svc.CountStories(ctx); err != nil || n != 0 {
			t.Errorf("CountStories = %d, %v; want nothing written", n, err)
		}
		// At the cap, the file imports.
		file, _ = bigStory("just-right", claims.MaxStoryClaims)
		mustImport(t, svc, "ok.yaml", file)
	})
}

func TestImport_VolumeCapCountsTheClaimsTheFileLeavesOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		svc := newService(db)
		first, _ := bigStory("growing", 300)
		mustImport(t, svc, "first.yaml", first)
		// Another file for the same story with 300 other claims: the 300
		// already there stay, so the story would hold 600.
		second := strings.ReplaceAll(string(first), "Claim number", "Another claim number")
		second = strings.ReplaceAll(second, "news", "other")
		_, err := importBytes(t, svc, "second.yaml", []byte(second))
		var fe *claims.FileError
		if !errors.As(err, &fe) || fe.Problems[0].Line != 1 || !strings.Contains(fe.Problems[0].Message, "would have 600 claims") {
			t.Fatalf("ImportStory = %v; want line 1 saying the story would have 600 claims", err)
		}
		st, err := svc.StoryBySlug(context.Background(), "growing")
		if err != nil {
			t.Fatal(err)
		}
		if d, err := svc.StoryDetail(context.Background(), st.ID); err != nil || len(d.Claims) != 300 {
			t.Errorf("the story after the refused import: %v; want 300 claims", err)
		}
	})
}

func TestAddClaim_AStoryAtTheCapTakesNoMoreClaims(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		svc := newService(db)
		file, _ := bigStory("full", claims.MaxStoryClaims)
		rep := mustImport(t, svc, "full.yaml", file)
		st, err := svc.StoryBySlug(ctx, rep.Slug)
		if err != nil {
			t.Fatal(err)
		}
		ed := claims.Actor{UserID: 1, Name: "Ed"}
		_, err = svc.AddClaim(ctx, ed, st.ID, claims.NewClaim{Text: "One claim too many"})
		if claims.ErrorCode(err) != claims.EINVALID || !strings.Contains(claims.ErrorMessage(err), "already holds 500 claims") {
			t.Fatalf("AddClaim on a full story = %v; want EINVALID naming the cap", err)
		}
		// Withdrawing one makes room for one.
		d, err := svc.StoryDetail(ctx, st.ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.WithdrawClaim(ctx, ed, d.Claims[0].ID, "Entered twice"); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.AddClaim(ctx, ed, st.ID, claims.NewClaim{Text: "One claim that fits"}); err != nil {
			t.Fatalf("AddClaim after a withdrawal: %v", err)
		}
	})
}
