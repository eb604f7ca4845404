package fake_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/ccloud-go/networking/api"
	"github.com/ccloud-go/networking/fake"
	"github.com/ccloud-go/networking/wrapper"
)

// Test code of yours against the fake: start it, point a client at it, and
// check what your code did by reading it back.
func ExampleStart() {
	f, err := fake.Start(fake.WithSeed(7), fake.WithReadyAfter(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	c, err := wrapper.New(wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret),
		// Its phases move with reads, not time: poll fast.
		wrapper.WithWaitDefaults(wrapper.PollInterval(10*time.Millisecond, 100*time.Millisecond)))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx := context.Background()

	// It starts empty.
	_, err = c.Networks().Get(ctx, "env-00000", "n-00000")
	fmt.Println(errors.Is(err, wrapper.ErrNotFound))

	// What your code would do.
	nls, err := c.NetworkLinkServices().Create(ctx, api.NetworkLinkServiceCreateRequest{Spec: api.NetworkLinkServiceSpec{
		DisplayName: wrapper.Ptr("orders"),
		Environment: wrapper.Ref("env-00000"),
		Network:     wrapper.Ref("n-00000"),
	}})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := c.NetworkLinkServices().WaitReady(ctx, "env-00000", nls.ID); err != nil {
		fmt.Println(err)
		return
	}

	// What your test would check.
	for item, err := range c.NetworkLinkServices().All(ctx, "env-00000", &wrapper.ListOptions{DisplayNames: []string{"orders"}}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(item.ID == nls.ID, *item.Spec.DisplayName, item.Status.Phase)
	}
	// Output:
	// true
	// true orders READY
}
