package storetest

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"testing"

	"github.com/claimtrack/claimtrack/internal/alerts"
	"github.com/claimtrack/claimtrack/internal/store"
)

// UnsubscribeToken hands out a new one-click unsubscribe token for a
// subscription, as an alert mail would carry, storing only its hash.
func UnsubscribeToken(t testing.TB, db *store.DB, subscriberID, subscriptionID int64) string {
	t.Helper()
	token := rand.Text()
	sum := sha256.Sum256([]byte(token))
	err := db.AddLinkTokens(t.Context(), []alerts.LinkToken{{Hash: hex.EncodeToString(sum[:]), Kind: alerts.LinkUnsubscribe,
		SubscriberID: subscriberID, SubscriptionID: &subscriptionID}})
	if err != nil {
		t.Fatal(err)
	}
	return token
}
