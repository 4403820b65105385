package catalog

// destructiveByID lists endpoints that are destructive although neither
// their SDK method name nor their path carries a verb the safety rules
// treat as destructive: they move money, send to people outside the site,
// cannot be undone, or hand a secret to whoever calls them. Each is named
// by its catalog ID with the reason, so a reviewer can check it against
// the reference. Found by an outside security review of wix-mcp.
var destructiveByID = map[string]string{ //nolint:gosec // G101: endpoint IDs and reasons, not credentials
	// Money moves.
	"payments.refunds.createRefund":         "returns a charge's funds to the buyer (https://dev.wix.com/docs/rest/business-management/payments/refunds/introduction)",
	"payments.disputes.acceptDispute":       "accepts liability for a contested charge (https://dev.wix.com/docs/api-reference/business-management/payments/disputes/disputes/introduction)",
	"ecom.cart-v-2.placeOrder":              "places an order for a buyer",
	"events.orders.checkout":                "checks out event tickets for a buyer",
	"loyalty.coupons.redeemPointsForCoupon": "spends a member's loyalty points",
	// Sends to people outside the site.
	"reviews.review-requests.createReviewRequest":      "sends a review request to a customer (https://dev.wix.com/docs/rest/crm/community/reviews/review-requests/review-request-object)",
	"reviews.review-requests.bulkCreateReviewRequests": "sends review requests to customers",
	"email-marketing.sender-details.verifyEmail":       "sends a verification email",
	// Cannot be undone, or hands out a secret.
	"auth-management.o-auth-apps.generateOAuthAppSecret": "replaces an OAuth app's secret; the old one stops working",
	"auth-management.o-auth-apps.getOAuthAppSecret":      "returns an OAuth app's secret, which cannot be taken back once read",
	"secrets.secrets.getSecretValue":                     "returns a stored secret's value (a third party's key), which cannot be taken back once read",
}
