// Every operation the world serves, by operationId. An operation of the spec without an entry here answers 501
// naming it (and the tests list every such operation: on the bundled spec there is none).
import { deviceHandlers } from './devices.js';
import { forecastHandlers } from './forecasts.js';
import { pvHandlers } from './pv.js';
import { settingsHandlers } from './settings.js';
import { thermalHandlers } from './thermal.js';
import type { HandlerTable } from './types.js';
import { v1Handlers } from './v1.js';

export const HANDLERS: HandlerTable = {
  ...deviceHandlers,
  ...settingsHandlers,
  ...thermalHandlers,
  ...pvHandlers,
  ...forecastHandlers,
  ...v1Handlers,
};
