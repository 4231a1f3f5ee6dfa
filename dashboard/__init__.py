"""The Streamlit dashboard: `streamlit run dashboard/app.py` (read-only on the database)."""
