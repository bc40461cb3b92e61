/* registry_tables.h: the SQL of the registry snapshots' tables, shared by
 * the migrations that first make them (migrate.c) and the imports that
 * build a new snapshot beside the old and swap it in (registry/). */
#ifndef CD_INDEX_REGISTRY_TABLES_H
#define CD_INDEX_REGISTRY_TABLES_H

/* The NPPES snapshot's tables (named so an import can build new ones
 * beside the old and swap them in), and their indexes once in place. */
#define REGISTRY_NPPES_TABLES(providers, taxonomies) \
	"CREATE TABLE " providers " (" \
	"  id INTEGER PRIMARY KEY," \
	"  npi TEXT NOT NULL," \
	"  entity INTEGER NOT NULL," \
	"  last_name TEXT NOT NULL, first_name TEXT NOT NULL, middle_name TEXT NOT NULL," \
	"  credential TEXT NOT NULL, org_name TEXT NOT NULL," \
	"  street TEXT NOT NULL, city TEXT NOT NULL, state TEXT NOT NULL, zip TEXT NOT NULL," \
	"  deactivated TEXT, reactivated TEXT," \
	"  first_key TEXT NOT NULL, last_key TEXT NOT NULL" \
	");" \
	"CREATE TABLE " taxonomies " (" \
	"  provider_id INTEGER NOT NULL," \
	"  code TEXT NOT NULL," \
	"  is_primary INTEGER NOT NULL DEFAULT 0," \
	"  license TEXT NOT NULL, license_state TEXT NOT NULL" \
	");"
#define REGISTRY_NPPES_INDEXES \
	"CREATE INDEX npi_providers_npi ON npi_providers(npi);" \
	"CREATE INDEX npi_providers_name ON npi_providers(first_key, state);" \
	"CREATE INDEX npi_taxonomies_provider ON npi_taxonomies(provider_id);"
/* The LEIE snapshot (registry/exclusion.c swaps a new one in whole). */
#define REGISTRY_LEIE_TABLE(name) \
	"CREATE TABLE " name " (" \
	"  id INTEGER PRIMARY KEY," \
	"  line INTEGER NOT NULL," \
	"  last_name TEXT NOT NULL, first_name TEXT NOT NULL, middle_name TEXT NOT NULL," \
	"  business TEXT NOT NULL, general TEXT NOT NULL, specialty TEXT NOT NULL," \
	"  npi TEXT," \
	"  address TEXT NOT NULL, city TEXT NOT NULL, state TEXT NOT NULL, zip TEXT NOT NULL," \
	"  excltype TEXT NOT NULL, excldate TEXT NOT NULL, reindate TEXT," \
	"  waiverdate TEXT, waiverstate TEXT NOT NULL," \
	"  first_key TEXT NOT NULL, last_key TEXT NOT NULL" \
	");"
#define REGISTRY_LEIE_INDEXES \
	"CREATE INDEX leie_npi ON leie(npi) WHERE npi IS NOT NULL;" \
	"CREATE INDEX IF NOT EXISTS leie_org_zip ON leie(substr(zip, 1, 5)) WHERE business <> '';"

#endif
