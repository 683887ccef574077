// The dashboard, pure: its figures (src/core/dashboardData.ts) and its fixed sheet layout (src/core/dashboardLayout.ts),
// re-exported as one module for the Apps Script side and the tests. docs/architecture.md#dashboard
export * from './dashboardData';
export * from './dashboardLayout';
