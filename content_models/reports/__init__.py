"""School-year reports (báo cáo thi đua) for provinces, centres and teachers, their XLSX and
CSV exports and the admin pages that show them (docs/usage-and-reports.md)."""
