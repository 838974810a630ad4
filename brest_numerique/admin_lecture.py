from django.contrib import admin


class LectureSeuleAdmin(admin.ModelAdmin):
    """Une table qui se consulte dans l'administration sans jamais s'y modifier :
    données de référence, journaux."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
