# linkedin.profile - LinkedIn Lead Gen Forms: leads downloaded as CSV from
# Campaign Manager.  Questions are columns named by their label; company
# size is a band ("51-200 employees", employee_bands in values.map);
# consent checkboxes are columns named by their text, such as "I agree to
# receive ..." (values "Checked"/"Unchecked" or yes/no).
title LinkedIn Lead Gen Forms download
system linkedin
threshold 3
header Lead ID
header Created Time
header Email Address
header Company Name
header Job Title
header Company Size
header Campaign Name
header Form Name
header Lead Type
header LinkedIn Profile URL
header Ad Name
column Lead ID = source_id
column Created Time = created_at
column First Name = first_name
column Last Name = last_name
column Email Address = email
column Work Email = email
column Phone Number = phone
column Work Phone Number = phone
column Mobile Phone Number = mobile
column Company Name = company
column Job Title = title
column Company Size = employees map:employee_bands
column Industry = industry
column Country = country
column City = city
column Postal Code = postcode
column Campaign Name = campaign
column I agree* = consent map:checkbox
column I consent* = consent map:checkbox
column I would like to receive* = consent map:checkbox
column Yes, I would like* = consent map:checkbox
