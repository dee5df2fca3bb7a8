package view

import "strconv"

// EditStoryURL is the address of a story's editor page.
func EditStoryURL(slug string) string { return "/editor/stories/" + slug }

// EditClaimURL is the address of a claim's editor page.
func EditClaimURL(id int64) string { return "/editor/claims/" + strconv.FormatInt(id, 10) }
