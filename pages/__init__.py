"""Thin Streamlit pages, routed by app.py through st.navigation.

Streamlit treats a `pages/` folder next to the main script as the old automatic
multipage layout until the first st.navigation call. Importing this package (on the
first script run of the process) switches that off, so a first visitor landing on
e.g. /masuk is routed through app.py from the next rerun on.

Measured with Streamlit 1.67 (the menu shown, `client.showSidebarNavigation = true`):
without this line the first visitors of a fresh server get the automatic menu of every
file in pages/ (common, kendali, cadangan, ...), participants included."""

from streamlit.runtime.pages_manager import PagesManager

PagesManager.uses_pages_directory = False
