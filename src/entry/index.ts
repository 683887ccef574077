// The Apps Script surface: everything exported here becomes a top-level function in dist/Code.js (scripts/build.mjs).
import type { ServerFunctions } from '../core/serverApi';
import type * as dashboard from './dashboard';
import type * as keys from './keys';
import type * as numbers from './numbers';
import type * as sheets from './sheets';
import type * as sms from './sms';

export * from './customFunctions';
export * from './keys';
export * from './sheets';
export * from './menu';
export * from './dashboard';
export * from './numbers';
export * from './sms';

/** Type-only: the server functions implement the contract the sidebar calls, so a rename fails `npm run typecheck`. */
type Implements<T extends ServerFunctions> = T;
export type ServerSurface = Implements<typeof keys & typeof sheets & typeof dashboard & typeof numbers & typeof sms>;
