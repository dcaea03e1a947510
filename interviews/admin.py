from django.contrib import admin

from .models import Coding, Interview, Membership, Memo, Passage, Project, Segment, Theme


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "created_at"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = ["title", "project", "municipality", "year", "stakeholder_group"]
    list_filter = ["project", "stakeholder_group", "year"]
    search_fields = ["title"]
    autocomplete_fields = ["municipality"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "parent", "colour", "order"]
    list_filter = ["project"]
    search_fields = ["name"]


class CodingInline(admin.TabularInline):
    model = Coding
    extra = 0


@admin.register(Passage)
class PassageAdmin(admin.ModelAdmin):
    list_display = ["interview", "coder", "start", "end"]
    list_filter = ["interview__project", "coder"]
    inlines = [CodingInline]


admin.site.register(Segment)
admin.site.register(Memo)
