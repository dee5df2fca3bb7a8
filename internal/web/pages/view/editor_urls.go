package view

import "strconv"

// EditClaimURL is the address of a claim's editor page.
func EditClaimURL(id int64) string { return "/editor/claims/" + strconv.FormatInt(id, 10) }
