-- The smallest scheduler verwalter accepts: main.lua returns a table with a
-- `scheduler` function, which returns the schedule as a JSON string and a
-- log string. This one schedules nothing.
return {
  scheduler = function(input)
    return "{}", "Empty"
  end,
}
