package catalog

import (
	"testing"

	"github.com/wix-mcp/wix-mcp/safety"
)

// TestMoneySendsAndSecretsAreDestructive lists endpoints that move money,
// cannot be undone, send to people outside the site or hand out a secret,
// which an outside security review found classed write or read, so they
// were sent without asking anyone. Each entry says why.
func TestMoneySendsAndSecretsAreDestructive(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ id, why string }{
		// Money moves.
		{"payments.refunds.createRefund", "Create Refund returns a charge's funds to the buyer (https://dev.wix.com/docs/rest/business-management/payments/refunds/introduction)"},
		{"payments.disputes.acceptDispute", "Accept Dispute accepts liability for a contested charge (https://dev.wix.com/docs/api-reference/business-management/payments/disputes/disputes/introduction)"},
		{"ecom.gift-vouchers.redeemGiftCard", "redeems a gift card balance (its reversal, voidTransaction, is already destructive)"},
		{"ecom.order-billing.redeemGiftCard", "redeems a gift card against an order"},
		{"gift-vouchers.gift-vouchers.decreaseGiftCardBalance", "takes money off a customer's gift card"},
		{"loyalty.coupons.redeemPointsForCoupon", "spends a member's loyalty points"},
		{"benefit-programs.pools.redeemBenefit", "spends a member's benefit balance"},
		{"ecom.cart-v-2.placeOrder", "places an order for a buyer"},
		{"events.orders.checkout", "checks out event tickets"},
		// Sends to people outside.
		{"events.notifications.triggerNotification", "sends a notification to event guests"},
		{"reviews.review-requests.createReviewRequest", "a review request is sent to a customer (https://dev.wix.com/docs/rest/crm/community/reviews/review-requests/review-request-object)"},
		{"reviews.review-requests.bulkCreateReviewRequests", "review requests are sent to customers (same page)"},
		{"email-marketing.sender-details.verifyEmail", "sends a verification email"},
		{"automations.custom-trigger.runTrigger", "runs an automation, which can email or message contacts"},
		// Publishes to every visitor, or cannot be undone.
		{"app-management.embedded-scripts.embedScript", "injects a script into every page of the live site"},
		{"auth-management.o-auth-apps.generateOAuthAppSecret", "replaces an OAuth app's secret: the old one stops working"},
		// Hands out a secret that cannot be taken back once read.
		{"auth-management.o-auth-apps.getOAuthAppSecret", "returns an OAuth app's secret"},
		{"secrets.secrets.getSecretValue", "returns a stored third-party secret"},
	} {
		e, ok := Default().Get(tt.id)
		if !ok {
			t.Errorf("%s: not in the catalog", tt.id)
			continue
		}
		if e.Class != safety.Destructive {
			t.Errorf("%s %s (%s) is %s: %s", e.Method, e.Path, tt.id, e.Class, tt.why)
		}
	}
}
