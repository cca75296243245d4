"""The clause library: load and validate clauses, profile, sources, agency folders into frozen data.

Nothing is re-exported here, so importing one module of the package stays cheap.
"""
