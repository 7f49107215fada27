export { classifyAddress, isPublicAddress, type AddressVerdict, type RefusedAddress } from "./address";
export {
  createOutboundClient,
  OutboundRefused,
  OutboundUnresolved,
  type OutboundClient,
  type OutboundOptions,
  type OutboundRequest,
  type Resolve,
  type ResolvedAddress,
} from "./client";
