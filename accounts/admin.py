from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .models import User


@admin.register(User)
class PlannerUserAdmin(UserAdmin):
    fieldsets = (*UserAdmin.fieldsets, (None, {"fields": ("display_name", "language")}))
