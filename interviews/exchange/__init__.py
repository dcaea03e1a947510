"""Projects and codebooks to and from other qualitative tools: REFI-QDA (.qdpx, .qdc) and Taguette.

    plan.py        ImportPlan: what an import brings in (themes, interviews, passages, memos, variables,
                   what was skipped and why), and store(), which writes a plan in one transaction
    inserts.py     many rows in few INSERTs (UNNEST on PostgreSQL), for store(): bulk_create is too slow there
    plan_store.py  where a previewed plan waits for the researcher's confirmation (VAR_DIR/imports)
    qdpx_xml.py    what every REFI-QDA file shares: GUIDs, a small XML writer, safe parsing, schema checks
    qdc.py         REFI-QDA codebooks (.qdc), and the codes that .qdpx projects share with them
    qdpx_read.py   a .qdpx project read into an ImportPlan (offset units, canonical text)
    qdpx_write.py  a project written as a .qdpx (valid against refi/Project.xsd)
    taguette.py    a Taguette "Export project" file (.sqlite3) read into an ImportPlan
    codebook.py    a codebook as a table (.csv, .xlsx; .qdc through qdc.py): rows checked, then imported
    refi/          the official REFI-QDA schemas (Project.xsd, Codebook.xsd)

Readers take file objects and store nothing; views and commands show the plan, then call plan.store().
"""
