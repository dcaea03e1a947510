from django.urls import path

from .views import codebook, interviews, members, memos, projects, upload

urlpatterns = [
    path("", projects.project_list, name="project_list"),
    path("projecten/nieuw/", projects.project_create, name="project_create"),
    path("p/<slug:slug>/", projects.project_detail, name="project_detail"),
    path("p/<slug:slug>/leden/", members.member_list, name="member_list"),
    path("p/<slug:slug>/leden/<int:membership_id>/", members.member_update, name="member_update"),
    path("p/<slug:slug>/interviews/upload/", upload.interview_upload, name="interview_upload"),
    path("p/<slug:slug>/interviews/<int:pk>/", interviews.interview_detail, name="interview_detail"),
    path("p/<slug:slug>/interviews/<int:pk>/bewerken/", interviews.interview_edit, name="interview_edit"),
    path("p/<slug:slug>/interviews/<int:pk>/verwijderen/", interviews.interview_delete, name="interview_delete"),
    path("p/<slug:slug>/codeboek/", codebook.codebook, name="codebook"),
    path("p/<slug:slug>/codeboek/<int:theme_id>/", codebook.theme_edit, name="theme_edit"),
    path("p/<slug:slug>/codeboek/<int:theme_id>/samenvoegen/", codebook.theme_merge, name="theme_merge"),
    path("p/<slug:slug>/codeboek/<int:theme_id>/verwijderen/", codebook.theme_delete, name="theme_delete"),
    path("p/<slug:slug>/memos/", memos.memo_list, name="memo_list"),
    path("p/<slug:slug>/memos/nieuw/", memos.memo_create, name="memo_create"),
    path("p/<slug:slug>/memos/<int:memo_id>/", memos.memo_edit, name="memo_edit"),
    path("p/<slug:slug>/memos/<int:memo_id>/verwijderen/", memos.memo_delete, name="memo_delete"),
]
