// Menu dialog "Schedule": the shared schedule selector, filled from the current settings; closes once saved.
import { el, Notice } from './dom';
import { cancelButton, closeSoon, mount } from './dialog';
import { callServer } from './rpc';
import { createScheduleForm } from './scheduleForm';

const form = createScheduleForm({ onSaved: () => closeSoon(), extraActions: [cancelButton()] });
const loadNotice = new Notice();
mount(el('div', { className: 'stack' }, loadNotice.element, form.element));
callServer('cliqtelGetSettings')
  .then((settings) => form.show(settings.schedule))
  .catch((error: Error) => loadNotice.error(`Could not load the current schedule: ${error.message}`));
