/** Public API of the Data Rights Protocol feature: the portal as a DRP 1.0 Authorized Agent (README, "Data Rights Protocol"). */
export { agentDirectoryEntry } from './agent-key';
export { dispatchDrpRequest } from './dispatch.service';
export { pollOpenDrpRequests, queueDrpRevoke, sendDrpRevoke } from './followup.service';
export { registerDrpRoutes } from './drp.routes';
