package storetest

import (
	"testing"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/secret"
	"github.com/claimtrack/claimtrack/internal/store"
)

// UnsubscribeToken hands out a new one-click unsubscribe token for a
// subscription, as an alert mail would carry, storing only its hash.
func UnsubscribeToken(t testing.TB, db *store.DB, subscriberID, subscriptionID int64) string {
	t.Helper()
	token := secret.New()
	err := db.AddLinkTokens(t.Context(), []alerts.LinkToken{{Hash: secret.Hash(token), Kind: alerts.LinkUnsubscribe,
		SubscriberID: subscriberID, SubscriptionID: &subscriptionID}})
	if err != nil {
		t.Fatal(err)
	}
	return token
}
