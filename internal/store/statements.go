package store

import (
	"context"

	"gorm.io/gorm"
)

// OnStatement registers fn to run after every statement the store sends
// through gorm (queries, writes, raw SQL), with the request's context. Tests
// use it to count the queries one request costs.
func (db *DB) OnStatement(fn func(ctx context.Context)) error {
	cb := func(tx *gorm.DB) { fn(tx.Statement.Context) }
	c := db.gorm.Callback()
	for _, err := range []error{
		c.Create().After("gorm:create").Register("claimtrack:statement", cb),
		c.Query().After("gorm:query").Register("claimtrack:statement", cb),
		c.Update().After("gorm:update").Register("claimtrack:statement", cb),
		c.Delete().After("gorm:delete").Register("claimtrack:statement", cb),
		c.Row().After("gorm:row").Register("claimtrack:statement", cb),
		c.Raw().After("gorm:raw").Register("claimtrack:statement", cb),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}
