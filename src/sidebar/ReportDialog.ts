// Menu dialog "Insert report": the shared report builder; closes once the report sheet is written.
import { cancelButton, closeSoon, mount } from './dialog';
import { createReportForm } from './reportForm';

mount(createReportForm({ submitLabel: 'Insert report', onInserted: () => closeSoon(), extraActions: [cancelButton()] }));
