"""Who may use each URL: one line per URL name, read by tests/test_role_matrix.py.

A row is "METHOD level" pairs; the level is the least a visitor needs:
  public  everyone, also the anonymous
  login   any logged-in user (no project involved)
  read    a member of the project (viewer, coder, owner); an outsider gets 404
  write   a coder or owner; a viewer gets 403
  own     an owner; a coder or viewer gets 403
  off     404 for everyone here (a page that is off in this set-up)
  ownkey  as own, but 404 for the owner too without the token of the upload they confirmed
  mine    the visitor's own thing (an API token): the world's is the owner's, so everyone else gets 404
The anonymous are sent to the login page (a JSON client of a coding endpoint gets 401 JSON).
The API (interviews:api:…) is reached with a personal token, not a session: tests/probe.py's send() gives the
logged-in visitor's token to every API request, and the anonymous (no token) get 401 JSON.
A new URL without a row here fails the suite: add its line.
"""

MATRIX = {
    "login": "GET public, POST public",
    "logout": "POST public",
    "favicon": "GET public",
    "accessibility": "GET public",
    "password_change": "GET login, POST login",
    "password_change_done": "GET login",
    # no EMAIL_HOST in the tests: the reset pages are off (tests/test_password_reset.py turns mail on)
    "password_reset": "GET off, POST off",
    "password_reset_done": "GET off",
    "password_reset_confirm": "GET off",
    "password_reset_complete": "GET off",
    "indicator_list": "GET login",
    "indicator_detail": "GET login",
    "interviews:project_list": "GET login",
    "interviews:token_list": "GET login, POST login",
    "interviews:token_revoke": "POST mine",
    "interviews:api:openapi-json": "GET public",
    "interviews:api:openapi-view": "GET public",
    "interviews:api:api-root": "GET off",  # django-ninja's placeholder for the API's root path: 404
    "interviews:api:api_projects": "GET login",
    "interviews:api:api_project": "GET read",
    "interviews:api:api_members": "GET read",
    "interviews:api:api_interviews": "GET read",
    "interviews:api:api_interview": "GET read",
    "interviews:api:api_themes": "GET read",
    "interviews:api:api_passages": "GET read, POST write",  # one path: read a page, or write passages
    "interviews:api:api_passages_create": "GET read, POST write",
    "interviews:api:api_passage_delete": "DELETE write",
    "interviews:api:api_memos": "GET read, POST write",  # one path: read the memos, or write one
    "interviews:api:api_memo_create": "GET read, POST write",
    "interviews:api:api_codings_export": "GET read",
    "interviews:api:api_indicators": "GET login",
    "interviews:api:api_observations": "GET login",
    "interviews:project_create": "GET login, POST login",
    "interviews:project_import": "GET login, POST login",
    "interviews:project_import_confirm": "POST login",
    "interviews:exchange": "GET read",
    "interviews:qdpx_export": "GET read",
    "interviews:exchange_import": "GET write, POST write",
    "interviews:exchange_import_confirm": "POST write",
    "interviews:project_detail": "GET read",
    "interviews:member_list": "GET read, POST own",
    "interviews:member_update": "POST own",
    "interviews:interview_upload": "GET write, POST write",
    "interviews:import_preview": "GET write",
    "interviews:batch_confirm": "POST write",
    "interviews:import_cancel": "POST write",
    "interviews:import_progress": "GET write",
    "interviews:import_municipality": "POST write",
    "interviews:import_review": "GET write, POST write",
    "interviews:speaker_list": "GET read, POST write",
    "interviews:pseudonym_settings": "GET own, POST own",
    "interviews:pseudonym_name_delete": "POST own",
    "interviews:pseudonym_key": "GET own",
    "interviews:interview_detail": "GET read",
    "interviews:interview_edit": "GET write, POST write",
    "interviews:interview_delete": "GET own, POST own",
    "interviews:text_correct": "GET write, POST write",
    "interviews:text_versions": "GET read",
    "interviews:text_rollback": "POST own",
    "interviews:passage_reviewed": "POST write",
    "interviews:recording_upload": "GET write, POST write",
    "interviews:recording_file": "GET read",
    "interviews:recording_delete": "POST write",
    "interviews:turn_time": "POST write",
    "interviews:passage_create": "POST write",
    "interviews:interview_live": "GET read, POST read",
    "interviews:passage_update": "POST write",
    "interviews:passage_add_themes": "POST write",
    "interviews:passage_remove_theme": "POST write",
    "interviews:passage_delete": "POST write",
    "interviews:passage_set_star": "POST write",
    "interviews:codebook": "GET read, POST write",
    "interviews:theme_edit": "GET read, POST write",
    "interviews:theme_merge": "GET read, POST own",  # codebook_policy "owners", the default
    "interviews:theme_delete": "GET read, POST own",
    "interviews:codebook_policy": "POST own",
    "interviews:theme_order": "POST own",  # codebook_policy "owners", the default
    "interviews:theme_restore": "POST own",
    "interviews:passage_undo": "POST write",
    "interviews:passage_redo": "POST write",
    "interviews:project_activity": "GET write",
    "interviews:activity_export": "GET write",
    "interviews:interview_activity": "GET write",
    "interviews:indicator_import_progress": "GET ownkey",
    "interviews:theme_passages": "GET read",
    "interviews:theme_quotes": "GET read",
    "interviews:codebook_import": "GET write, POST write",
    "interviews:reports": "GET read",
    "interviews:summary_export": "GET read",
    "interviews:codings_export": "GET read",
    "interviews:codebook_export": "GET read",
    "interviews:memo_list": "GET read",
    "interviews:memo_create": "GET write, POST write",
    "interviews:memo_edit": "GET write, POST write",
    "interviews:memo_delete": "GET write, POST write",
    "interviews:analysis_index": "GET read",
    "interviews:analysis_attribute": "GET read",
    "interviews:analysis_indicator": "GET read",
    "interviews:analysis_trends": "GET read",
    "interviews:analysis_joint": "GET read",
    "interviews:interview_progress": "POST write",
    "interviews:analysis_exemplar": "GET read, POST write",
    "interviews:analysis_cooccurrence": "GET read",
    "interviews:analysis_matrix": "GET read",
    "interviews:query_builder": "GET read",
    "interviews:query_save": "POST write",
    "interviews:query_detail": "GET read",
    "interviews:query_code": "POST write",
    "interviews:query_delete": "POST write",
    "interviews:analysis_chart": "GET read",
    "interviews:grid_list": "GET read, POST write",
    "interviews:grid_detail": "GET read",
    "interviews:grid_cell": "GET read, POST write",
    "interviews:grid_export": "GET read",
    "interviews:grid_delete": "POST write",
    "interviews:analysis_words": "GET read",
    "interviews:analysis_word_cloud": "GET read",
    "interviews:analysis_stop_words": "GET read, POST write",
    "interviews:variable_list": "GET read, POST write",
    "interviews:variable_delete": "POST write",
    "interviews:variable_sheet": "GET read, POST write",
    "interviews:indicator_import": "GET own, POST own",
    "interviews:text_search": "GET read",
    "interviews:text_search_code": "POST write",
    "interviews:rule_list": "GET read, POST write",
    "interviews:rules_run": "POST write",
    "interviews:rule_delete": "POST write",
    "interviews:suggestion_queue": "GET read",
    "interviews:suggestion_review": "POST write",
    "interviews:round_list": "GET read",
    "interviews:round_create": "GET own, POST own",
    "interviews:round_close": "POST own",
    "interviews:round_review": "GET read",
    "interviews:round_decide": "POST write",
    "interviews:agreement": "GET read",
}

LEVELS = ["public", "login", "read", "write", "own"]
RANK = {"anonymous": 0, "outsider": 1, "viewer": 2, "coder": 3, "owner": 4}


def expectations(name):
    """{method: level} of a URL name."""
    return dict(pair.split() for pair in MATRIX[name].split(", "))
