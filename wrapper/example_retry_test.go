package wrapper_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/wrapper"
)

// Set the retry policy from DefaultRetryPolicy, changing only what you
// need: here how long a create whose answer was lost gives the server to
// show what it stored. The fake stores every create and then answers 500;
// the create settles by reading, and returns the one resource it made.
func ExampleWithRetryPolicy() {
	f, err := fake.Start(fake.WithSeed(3), fake.WithServerErrorsAfterCreate(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()

	p := wrapper.DefaultRetryPolicy()
	p.SettleDelay = 100 * time.Millisecond // the real API may need longer than the 2 s default
	p.MaxSettle = 5 * time.Second          // bounds that wait, however long the attempt itself took
	c, err := wrapper.New(wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret), wrapper.WithRetryPolicy(p))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()
	pla, err := c.PrivateLinkAccesses().Create(ctx, api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
		Cloud:       wrapper.AWSCloud("123456789012"),
		Environment: wrapper.Ref("env-00000"),
		Network:     wrapper.Ref("n-00000"),
	}})
	var unknown *wrapper.OutcomeUnknownError
	switch {
	case errors.As(err, &unknown):
		// Not settled in time: it may exist, as one of these.
		fmt.Println("may exist as", unknown.CandidateIDs)
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	stored, _, err := c.PrivateLinkAccesses().List(ctx, "env-00000", nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(pla.ID, len(stored), stored[0].ID == pla.ID)
	// Output:
	// pla-9el1jt 1 true
}
