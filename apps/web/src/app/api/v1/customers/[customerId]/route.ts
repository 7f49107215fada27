import { z } from "zod";
import { customer, invalid } from "@facet/domain";
import { customerFields, idOf } from "@facet/validators";
import { withApiKey } from "~/server/http";

type Params = { params: Promise<{ customerId: string }> };

async function customerId(params: Params["params"]) {
  const parsed = idOf("cus").safeParse((await params).customerId);
  if (!parsed.success) throw invalid("Not a valid customer id.", "customerId");
  return parsed.data;
}

const present = (c: customer.CustomerProfile) => ({
  id: c.id,
  email: c.email,
  name: c.name,
  externalId: c.externalId,
  createdAt: c.createdAt,
  attributes: c.values,
});

/** GET /api/v1/customers/{id} */
export function GET(req: Request, { params }: Params) {
  return withApiKey(req, async (scope) => Response.json(present(await customer.customerById(scope, await customerId(params)))));
}

/** PUT /api/v1/customers/{id} — { email?, name?, externalId?, traits: { key: value } }; a null trait clears it. */
export function PUT(req: Request, { params }: Params) {
  return withApiKey(req, async (scope) => {
    const id = await customerId(params);
    const body = customerFields.safeParse(await req.json().catch(() => null));
    if (!body.success) throw invalid(z.prettifyError(body.error));
    return Response.json(present(await customer.updateCustomer(scope, id, body.data)));
  });
}

/** DELETE /api/v1/customers/{id} — erases the customer and their events. */
export function DELETE(req: Request, { params }: Params) {
  return withApiKey(req, async (scope) => {
    await customer.deleteCustomers(scope, [await customerId(params)]);
    return new Response(null, { status: 204 });
  });
}
