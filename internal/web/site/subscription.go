package site

import "strconv"

// ConfirmPath is the site path of a subscription's confirmation link.
func ConfirmPath(token string) string { return "/subscriptions/confirm/" + token }

// ManagePath is the site path of an address's subscriptions page.
func ManagePath(token string) string { return "/subscriptions/manage/" + token }

// ManageEndPath is where the subscriptions page ends subscription id.
func ManageEndPath(token string, id int64) string {
	return ManagePath(token) + "/end/" + strconv.FormatInt(id, 10)
}
