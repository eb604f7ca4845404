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

// Create a private link access for an AWS account and wait until it is READY.
func Example_createAndWait() {
	// The fake stands in for https://api.confluent.cloud; with a real
	// account, leave out WithBaseURL and pass your own key.
	f, err := fake.Start(fake.WithSeed(1), fake.WithReadyAfter(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()

	ctx := context.Background()
	c, err := wrapper.New(
		wrapper.WithBaseURL(f.URL),
		wrapper.WithAPIKey(f.Key, f.Secret),
		// The fake's phases move with reads: poll fast (the defaults, 2s
		// to 30s, suit the real API).
		wrapper.WithWaitDefaults(wrapper.PollInterval(10*time.Millisecond, 100*time.Millisecond)),
	)
	if err != nil {
		fmt.Println(err)
		return
	}

	created, err := c.PrivateLinkAccesses().Create(ctx, api.PrivateLinkAccessCreateRequest{
		Spec: api.PrivateLinkAccessSpec{
			DisplayName: wrapper.Ptr("analytics-account"),
			Cloud:       wrapper.AWSCloud("123456789012"),
			Environment: wrapper.Ref("env-00000"),
			Network:     wrapper.Ref("n-00000"),
		},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("created", created.ID, created.Status.Phase)

	ready, err := c.PrivateLinkAccesses().WaitReady(ctx, "env-00000", created.ID,
		wrapper.OnPoll(func(p wrapper.Poll) { fmt.Println("poll", p.Attempt, p.Phase) }),
	)
	var failed *wrapper.PhaseError
	switch {
	case errors.As(err, &failed):
		fmt.Println("provisioning failed:", failed.ErrorCode, failed.ErrorMessage)
		return
	case err != nil:
		fmt.Println(err)
		return
	}
	kind, account, _ := wrapper.CloudAccount(ready.Spec.Cloud)
	fmt.Println(ready.ID, ready.Status.Phase, kind, account)
	// Output:
	// created pla-sbyf6g PROVISIONING
	// poll 1 PROVISIONING
	// poll 2 READY
	// pla-sbyf6g READY AwsPrivateLinkAccess 123456789012
}

// Iterate over every private link access, page by page, with an error check
// per item.
func Example_listAll() {
	f, err := fake.Start(fake.WithSeed(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()

	ctx := context.Background()
	c, err := wrapper.New(wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret))
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, account := range []string{"111111111111", "222222222222", "333333333333"} {
		_, err := c.PrivateLinkAccesses().Create(ctx, api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
			DisplayName: wrapper.Ptr(fmt.Sprintf("pla-%d", i)), Cloud: wrapper.AWSCloud(account),
			Environment: wrapper.Ref("env-00000"), Network: wrapper.Ref("n-00000"),
		}})
		if err != nil {
			fmt.Println(err)
			return
		}
	}

	// PageSize 2 only to show several pages; All asks for the largest
	// page the spec allows by default.
	for pla, err := range c.PrivateLinkAccesses().All(ctx, "env-00000", &wrapper.ListOptions{PageSize: 2}) {
		if err != nil {
			fmt.Println(err)
			return
		}
		_, account, _ := wrapper.CloudAccount(pla.Spec.Cloud)
		fmt.Println(pla.ID, *pla.Spec.DisplayName, account)
	}
	// Output:
	// pla-sbyf6g pla-0 111111111111
	// pla-xx6stv pla-1 222222222222
	// pla-yfy5cu pla-2 333333333333
}

// Errors match sentinels with errors.Is and carry details through errors.As.
func Example_errors() {
	f, err := fake.Start()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()

	c, _ := wrapper.New(wrapper.WithBaseURL(f.URL), wrapper.WithAPIKey(f.Key, f.Secret))
	_, err = c.PrivateLinkAccesses().Get(context.Background(), "env-00000", "pla-missing")
	fmt.Println(errors.Is(err, wrapper.ErrNotFound))
	var apiErr *wrapper.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode)
	}

	// Input the spec lets the client check is refused before anything is
	// sent, naming the field.
	_, err = c.PrivateLinkAccesses().Create(context.Background(), api.PrivateLinkAccessCreateRequest{Spec: api.PrivateLinkAccessSpec{
		Cloud:       wrapper.AWSCloud("12345"),
		Environment: wrapper.Ref("env-00000"), Network: wrapper.Ref("n-00000"),
	}})
	fmt.Println(errors.Is(err, wrapper.ErrInvalidInput))
	fmt.Println(err)
	// Output:
	// true
	// 404
	// true
	// confluent: invalid spec.cloud.account: "12345" is not an AWS account number; give exactly 12 digits, such as 123456789012
}
