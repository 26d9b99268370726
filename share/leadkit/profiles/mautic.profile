# mautic.profile - Mautic contacts exported as CSV (Contacts > Export):
# columns are the field aliases.  Mautic's "title" is the SALUTATION
# (Mr, Mrs, Dr.) and "position" the job title; "points" is Mautic's own
# score; dates are "YYYY-MM-DD HH:MM:SS".
title Mautic contacts export
system mautic
threshold 3
header position
header points
header stage
header date_added
header date_identified
header last_active
header preferred_locale
header owner
header attribution_date
header tags
column id = source_id
column title = salutation
column firstname = first_name
column lastname = last_name
column position = title
column company = company
column email = email
column phone = phone
column mobile = mobile
column website = website
column city = city
column zipcode = postcode
column country = country
column points = crm_score
column stage = status
column date_added = created_at
# (id, title, firstname and lastname do not recognise it: they fold like
# leadkit's own id, title, first_name and last_name.)

# --to mautic: Mautic's contact import matches a column to the field whose
# alias it is (docs.mautic.org, "Importing contacts"); stages are
# Mautic's own names, so leadkit's stage names are written (or the name
# the lead came with, crm_status, while it still means the same); dates
# as Mautic writes them; booleans 1 and 0.  Mautic's "points" are its own
# score: crm_score goes back there.
to-day %Y-%m-%d
to-time %Y-%m-%d %H:%M:%S
to-bool 1 0
to-country name
# leadkit's own id, which --to mautic writes as leadkit_id ("id" is
# Mautic's), read back as what it is
column leadkit_id = id
