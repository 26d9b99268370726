/* mapping.c - where each column of an export goes, and through which map */
#include "lead/mapping.h"

#include <stdlib.h>
#include <string.h>

#include "io/cli.h"
#include "lead/colmap.h"
#include "lead/field.h"
#include "base/xmem.h"

struct mapping {
	colmap *option;		/* -m */
	colmap *file;		/* --map-file */
	colmap *synonyms;	/* columns.map */
	profile_set *ps;
	const profile *forced;	/* --profile NAME */
	bool none;		/* --profile none */
	sbuf a;
};

static void
list_profiles(sbuf *out, const profile_set *ps)
{
	for (size_t i = 0; i < profile_set_count(ps); i++) {
		if (i > 0)
			sbuf_adds(out, ", ");
		sbuf_adds(out, profile_name(profile_set_at(ps, i)));
	}
}

mapping *
mapping_new(const mapping_opts *o)
{
	mapping *m = xcalloc(1, sizeof *m);
	sbuf b = SBUF_INIT;
	char *err = NULL;

	m->option = colmap_new();
	m->file = colmap_new();
	m->synonyms = colmap_new();
	for (int k = 0; k < F_COUNT; k++) {	/* "First Name" = first_name */
		sbuf_reset(&b);
		sbuf_addf(&b, "%s=%s", field_name(k), field_name(k));
		colmap_add(m->synonyms, b.p);
	}
	if (colmap_load(m->synonyms, cli_share_path(&b, "columns.map"),
	    &err) != 0 || (o->map_file != NULL &&
	    colmap_load(m->file, o->map_file, &err) != 0))
		cli_die(LK_EXIT_DATA, "%s", err);
	for (size_t i = 0; i < o->nmaps; i++)
		if (colmap_add(m->option, o->maps[i]) != 0)
			cli_usage_error("--map: \"%s\" is not Source=field",
			    o->maps[i]);
	/* the share directory: that of columns.map */
	cli_share_path(&b, "columns.map");
	b.n -= strlen("/columns.map");
	b.p[b.n] = '\0';
	if ((m->ps = profile_set_load(b.p, &err)) == NULL)
		cli_die(LK_EXIT_DATA, "%s", err);
	if (o->profile != NULL && strcmp(o->profile, "none") == 0) {
		m->none = true;
	} else if (o->profile != NULL &&
	    (m->forced = profile_set_find(m->ps, o->profile)) == NULL) {
		sbuf_reset(&b);
		list_profiles(&b, m->ps);
		cli_usage_error("--profile: no profile \"%s\" (there are: %s, "
		    "none)", o->profile, sbuf_str(&b));
	}
	/* value maps named by the user's entries must exist */
	sbuf_free(&b);
	return m;
}

void
mapping_free(mapping *m)
{
	if (m == NULL)
		return;
	colmap_free(m->option);
	colmap_free(m->file);
	colmap_free(m->synonyms);
	profile_set_free(m->ps);
	sbuf_free(&m->a);
	free(m);
}

const profile_set *
mapping_profiles(const mapping *m)
{
	return m->ps;
}

const profile *
mapping_profile(mapping *m, const char *const *names, const size_t *lens,
    size_t n, size_t *score)
{
	if (score != NULL)
		*score = 0;
	if (m->none)
		return NULL;
	if (m->forced != NULL)
		return m->forced;
	return profile_set_recognise(m->ps, names, lens, n, score);
}

/* dest: out from entry d found by way by. */
static void
dest(mapping *m, const profile *p, const colmap_dest *d, mapping_by by,
    mapping_col *out)
{
	out->field = d->field;
	out->strip = d->strip;
	out->join = d->join;
	out->by = by;
	out->vm = d->valmap != NULL ?
	    profile_set_valmap(m->ps, p, d->valmap) : NULL;
	if (out->vm == NULL)
		out->vm = profile_set_applied(m->ps, p, d->field);
}

/* resolve: steps 1-5 of mapping.h; false when none applies. */
static bool
resolve(mapping *m, const profile *p, const char *name, size_t n,
    mapping_col *out)
{
	const colmap_dest *d;
	int k;

	if ((d = colmap_lookup_dest(m->option, name, n)) != NULL) {
		dest(m, p, d, MAPPING_OPTION, out);
	} else if ((d = colmap_lookup_dest(m->file, name, n)) != NULL) {
		dest(m, p, d, MAPPING_FILE, out);
	} else if (p != NULL &&
	    (d = colmap_lookup_dest(profile_columns(p), name, n)) != NULL) {
		dest(m, p, d, MAPPING_PROFILE, out);
	} else if ((k = field_index(name, n)) >= 0) {
		colmap_dest self = { .field = field_name(k) };
		dest(m, p, &self, MAPPING_NAME, out);
	} else if ((d = colmap_lookup_dest(m->synonyms, name, n)) != NULL) {
		dest(m, p, d, MAPPING_SYNONYM, out);
	} else {
		return false;
	}
	return true;
}

/* dup_base: the length of name without a "_2", "_3"... the CSV reader
 * adds to a repeated column name; 0 when it has none. */
static size_t
dup_base(const char *name, size_t n)
{
	size_t i = n;

	while (i > 0 && name[i - 1] >= '0' && name[i - 1] <= '9')
		i--;
	if (i == n || i < 2 || name[i - 1] != '_' || name[i] == '0' ||
	    (n - i == 1 && name[i] == '1'))
		return 0;
	return i - 1;
}

void
mapping_column(mapping *m, const profile *p, const char *name, size_t n,
    mapping_col *out)
{
	size_t base;

	memset(out, 0, sizeof *out);
	if (resolve(m, p, name, n, out))
		return;
	if ((base = dup_base(name, n)) > 0 && resolve(m, p, name, base, out) &&
	    !out->join) {
		out->by = MAPPING_DUPLICATE;
		out->fallback = true;
		return;
	}
	memset(out, 0, sizeof *out);
}

const char *
mapping_by_name(mapping_by by)
{
	static const char *const names[] = {
		[MAPPING_NONE] = "-",
		[MAPPING_OPTION] = "option",
		[MAPPING_FILE] = "map file",
		[MAPPING_PROFILE] = "profile",
		[MAPPING_NAME] = "name",
		[MAPPING_SYNONYM] = "synonym",
		[MAPPING_DUPLICATE] = "duplicate",
	};
	return names[by];
}

void
mapping_show(mapping *m, sbuf *out, const char *file,
    const char *const *names, const size_t *lens, size_t n,
    bool (*is_contact)(const char *field))
{
	size_t score, width = 6;
	const profile *p = mapping_profile(m, names, lens, n, &score);
	const valmap **vms = xcalloc(n + 1, sizeof *vms);
	const char **seen = xcalloc(n + 1, sizeof *seen);
	size_t nseen = 0;
	size_t nvms = 0, left = 0;
	bool contact = false;
	mapping_col c;

	sbuf_addf(out, "file: %s\n", file);
	if (p == NULL) {
		sbuf_addf(out, "profile: none%s\n", m->none ? " (--profile "
		    "none)" : "");
	} else {
		sbuf_addf(out, "profile: %s", profile_name(p));
		if (*profile_title(p) != '\0')
			sbuf_addf(out, " (%s)", profile_title(p));
		if (m->forced != NULL)
			sbuf_adds(out, ", forced with --profile\n");
		else
			sbuf_addf(out, ", %zu of its %zu header columns\n",
			    score, profile_header_count(p));
		if (profile_system(p) != NULL)
			sbuf_addf(out, "source_system: %s\n",
			    profile_system(p));
		if (profile_date_order(p) != NULL)
			sbuf_addf(out, "date order: %s\n",
			    profile_date_order(p));
	}
	for (size_t i = 0; i < n; i++)
		if (lens[i] > width)
			width = lens[i];
	sbuf_addf(out, "columns:\n");
	for (size_t i = 0; i < n; i++) {
		mapping_column(m, p, names[i], lens[i], &c);
		if (c.field == NULL) {
			left++;
			continue;
		}
		if (is_contact != NULL && is_contact(c.field))
			contact = true;
		sbuf_addf(out, "  %-*.*s  -> %-16s %s", (int)width,
		    (int)lens[i], names[i], c.field, mapping_by_name(c.by));
		size_t j;
		for (j = 0; j < nseen && strcmp(seen[j], c.field) != 0; j++)
			;
		if (j == nseen)
			seen[nseen++] = c.field;
		else if (!c.join)
			c.fallback = true;
		if (c.fallback)
			sbuf_adds(out, ", when the first is empty");
		if (c.join)
			sbuf_adds(out, ", joined in front");
		if (c.strip != NULL)
			sbuf_addf(out, ", \"%s\" stripped", c.strip);
		if (c.vm != NULL) {
			sbuf_addf(out, ", values: %s", valmap_name(c.vm));
			for (j = 0; j < nvms && vms[j] != c.vm; j++)
				;
			if (j == nvms)
				vms[nvms++] = c.vm;
		}
		sbuf_addc(out, '\n');
	}
	if (nvms > 0) {
		sbuf_adds(out, "value maps:\n");
		for (size_t j = 0; j < nvms; j++) {
			sbuf_addf(out, "  %s: %zu values", valmap_name(vms[j]),
			    valmap_size(vms[j]));
			if (valmap_keep(vms[j]) != NULL)
				sbuf_addf(out, ", value as written kept in %s",
				    valmap_keep(vms[j]));
			if (valmap_strict(vms[j]))
				sbuf_adds(out, ", any other is no value "
				    "(flagged unknown_<field>)");
			sbuf_addc(out, '\n');
		}
	}
	sbuf_addf(out, "left over (passed through as they are):%s\n",
	    left == 0 ? " none" : "");
	for (size_t i = 0; i < n; i++) {
		mapping_column(m, p, names[i], lens[i], &c);
		if (c.field == NULL)
			sbuf_addf(out, "  %.*s\n", (int)lens[i], names[i]);
	}
	if (is_contact != NULL && !contact)
		sbuf_adds(out, "warning: no column maps to a contact field "
		    "(email, phone, mobile, name, first_name, last_name): "
		    "map one with -m \"Column=email\"\n");
	free(vms);
	free(seen);
}
