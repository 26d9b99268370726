# pipedrive.profile - Pipedrive: leads or people exported as CSV; every
# column is prefixed with its object ("Person - Name", "Organization -
# Name", "Lead - Title") and e-mail and phone columns carry their label
# ("Person - Email - Work").  "Lead - Title" names the lead (a deal-like
# title), not a job title: it passes through.
title Pipedrive leads or people export
system pipedrive
threshold 2
header Person - Name
header Person - Email - Work
header Person - Phone - Work
header Organization - Name
header Lead - Title
header Lead - ID
header Person - ID
header Lead - Source
header Lead - Created
header Person - Person created
column Lead - ID = source_id
column Person - ID = source_id
column Person - Name = name
column Person - First name = first_name
column Person - Last name = last_name
column Person - Email - Work = email
column Person - Email - Home = email
column Person - Email - Other = email
column Person - Email = email
column Person - Phone - Work = phone
column Person - Phone - Mobile = mobile
column Person - Phone - Home = phone
column Person - Phone - Other = phone
column Person - Phone = phone
column Person - Job title = title
column Organization - Name = company
column Organization - Website = website
column Organization - Number of employees = employees
column Organization - Industry = industry
column Organization - Address - City/town/village/locality = city
column Organization - Address - Country = country
column Organization - Address - ZIP/Postal code = postcode
column Lead - Source = source
column Lead - Created = created_at
column Person - Person created = created_at
column Person - Marketing status = consent map:marketing_status
value marketing_status Subscribed = true
value marketing_status Unsubscribed = false
value marketing_status No consent = false
value marketing_status Archived = false

# --to pipedrive: Pipedrive's spreadsheet import (Tools and apps > Import
# data > From a spreadsheet) matches columns to fields in its mapping
# step; the "Object - Field" names of its own export are what it offers
# (support.pipedrive.com, "Import fields", "Importing: mandatory fields":
# a lead needs a title and a person or organization name).  Marketing
# status for consent; dates as Pipedrive writes them.
to consent = Person - Marketing status map:marketing_status
to-day %Y-%m-%d
to-time %Y-%m-%d %H:%M:%S
to-country name
