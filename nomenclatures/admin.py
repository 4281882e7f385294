from django.contrib import admin

from nomenclatures.models import ODD, Domaine

admin.site.register(Domaine)
admin.site.register(ODD)
