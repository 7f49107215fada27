import { customer, live } from "@facet/domain";
import {
  createCustomerInput,
  customerEventsInput,
  customerIdInput,
  customerSegmentHistoryInput,
  deleteCustomersInput,
  listCustomersInput,
  updateCustomerInput,
} from "@facet/validators";
import { requireRole, router, workspaceProcedure } from "../trpc";

export const customerRouter = router({
  list: workspaceProcedure.input(listCustomersInput).query(({ ctx, input }) => customer.listCustomers(ctx.scope, input)),
  count: workspaceProcedure
    .input(listCustomersInput.pick({ q: true, filters: true }))
    .query(({ ctx, input }) => customer.countCustomers(ctx.scope, input.q, input.filters)),
  /** Event names seen in the workspace, for the rule builder. */
  eventNames: workspaceProcedure.query(({ ctx }) => customer.eventNames(ctx.scope)),
  byId: workspaceProcedure.input(customerIdInput).query(({ ctx, input }) => customer.customerById(ctx.scope, input.customerId)),
  events: workspaceProcedure
    .input(customerEventsInput)
    .query(({ ctx, input }) => customer.listCustomerEvents(ctx.scope, input.customerId, input)),
  /** Which segments the customer entered and left, when and why, newest first. */
  segmentHistory: workspaceProcedure
    .input(customerSegmentHistoryInput)
    .query(({ ctx, input }) => live.customerSegmentHistory(ctx.scope, input.customerId, input)),
  export: workspaceProcedure.input(customerIdInput).query(({ ctx, input }) => customer.exportCustomer(ctx.scope, input.customerId)),
  create: requireRole("editor")
    .input(createCustomerInput)
    .mutation(({ ctx, input }) => customer.createCustomer(ctx.scope, input)),
  update: requireRole("editor")
    .input(updateCustomerInput)
    .mutation(({ ctx, input: { customerId, workspaceId: _, ...fields } }) => customer.updateCustomer(ctx.scope, customerId, fields)),
  delete: requireRole("editor")
    .input(deleteCustomersInput)
    .mutation(({ ctx, input }) => customer.deleteCustomers(ctx.scope, input.customerIds)),
});
