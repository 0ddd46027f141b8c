local chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
request = function()
  local k = {}
  for i = 1, 22 do
    local n = math.random(1, #chars)
    k[i] = chars:sub(n, n)
  end
  local body = "k=" .. table.concat(k) .. "&v=1&q1=5&q2=4&q3=5&q4=4&q5=3"
  return wrk.format("POST", nil, {["Content-Type"] = "application/x-www-form-urlencoded"}, body)
end
