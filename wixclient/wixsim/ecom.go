package wixsim

// eCommerce Search Orders (@wix/auto_sdk_ecom_orders, searchOrders; docs:
// https://dev.wix.com/docs/rest/business-solutions/e-commerce/orders/search-orders):
// the query is wrapped in
// "search", paging is by cursor and the answer's wrapper is "metadata".
var ordersSpec = &querySpec{
	name: "orders", root: "search",
	filter: filterRules{
		"id": {}, "number": {}, "createdDate": {}, "updatedDate": {}, "status": {}, "paymentStatus": {},
		"fulfillmentStatus": {}, "archived": {}, "buyerInfo.contactId": {}, "buyerInfo.email": {},
		"channelInfo.type": {}, "lineItems.catalogReference.catalogItemId": {},
	},
	sortKey:     "sort",
	defaultSort: []sortItem{{FieldName: "createdDate", Order: "DESC"}},
	idField:     "id",
	cursor:      true, defaultLimit: 100, maxLimit: 100,
}

func handleSearchOrders(c *call) (any, *apiError) {
	_, q, err := c.queryInput("search")
	if err != nil {
		return nil, err
	}
	res, err := ordersSpec.run(q, c.site.id, c.site.orders.items, nil)
	if err != nil {
		return nil, err
	}
	return Object{"orders": orEmpty(res.items), "metadata": res.cursorMeta()}, nil
}

func handleGetOrder(c *call) (any, *apiError) {
	id := c.params["id"]
	i := c.site.orders.index(id)
	if i < 0 {
		return nil, notFound("ORDER_NOT_FOUND", "order", id)
	}
	return Object{"order": c.site.orders.items[i]}, nil
}
