# Rooms: every top-level folder is one library whose public headers are listed where the library
# is defined. No include path covers the source root. A room's own sources see all of its headers
# through build/rooms/private/ROOM; every other target sees only the public ones, through links
# in build/rooms/public/ROOM, and only if it links the room. So a header that another room keeps
# private does not compile anywhere else (tests/rooms proves it), and a public header that
# includes a private one fails to compile for its first user.

set(FAASLET_ROOM_VIEWS ${CMAKE_BINARY_DIR}/rooms)

# faaslet_room(TARGET ROOM PUBLIC_HEADERS header...): headers relative to the room's folder.
function(faaslet_room target room)
  cmake_parse_arguments(PARSE_ARGV 2 ROOM "" "" "PUBLIC_HEADERS")
  set(source ${PROJECT_SOURCE_DIR}/${room})
  set(public ${FAASLET_ROOM_VIEWS}/public/${room})
  set(private ${FAASLET_ROOM_VIEWS}/private/${room})
  file(REMOVE_RECURSE ${public})
  file(MAKE_DIRECTORY ${public})
  foreach(header IN LISTS ROOM_PUBLIC_HEADERS)
    if(NOT EXISTS ${source}/${header})
      message(FATAL_ERROR "room ${room}: the public header ${header} does not exist")
    endif()
    get_filename_component(folder ${public}/${room}/${header} DIRECTORY)
    file(MAKE_DIRECTORY ${folder})
    file(CREATE_LINK ${source}/${header} ${public}/${room}/${header} SYMBOLIC)
  endforeach()
  faaslet_private_view(${room})
  # The list the include check (scripts/check-rooms.sh) reads.
  list(JOIN ROOM_PUBLIC_HEADERS "\n" lines)
  file(WRITE ${FAASLET_ROOM_VIEWS}/${room}.public "${lines}\n")

  get_target_property(type ${target} TYPE)
  if(type STREQUAL "INTERFACE_LIBRARY")
    target_include_directories(${target} INTERFACE ${public})
  else()
    target_include_directories(${target} PRIVATE ${private} PUBLIC ${public})
  endif()
endfunction()

# The view of all of a room's headers, for its own sources (and the tests).
function(faaslet_private_view room)
  set(private ${FAASLET_ROOM_VIEWS}/private/${room})
  file(REMOVE_RECURSE ${private})
  file(MAKE_DIRECTORY ${private})
  file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${room} ${private}/${room} SYMBOLIC)
  set_property(GLOBAL APPEND PROPERTY FAASLET_ROOMS ${room})
endfunction()

# The tests reach every room's private headers: they test internals (a decoder's byte reader, the
# sandbox's allow-list). Nothing else may. Called in tests/, for every target there.
function(faaslet_private_access_for_directory)
  get_property(rooms GLOBAL PROPERTY FAASLET_ROOMS)
  foreach(room IN LISTS rooms)
    include_directories(${FAASLET_ROOM_VIEWS}/private/${room})
  endforeach()
endfunction()
