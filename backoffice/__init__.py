"""The back office's shared machinery: the admin site with its login and second-factor
gate, the base admins (audited, read-only), the inlines and widgets the case page is
built from, the paginator of the big lists and the German import/export formats.

It sits below the apps: the apps' `admin` modules import from here, this package
imports no app. What the advisers see on the start page and in the Eingang is the
`desk` package, which hands its views to the site (`BackOfficeSite.add_desk`)."""
