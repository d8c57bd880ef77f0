#pragma once
// Errors as values: a result that holds a value or the error that prevented it, and a status for
// operations that yield nothing. Every room uses these with its own error type.

#include <optional>
#include <utility>
#include <variant>

namespace faaslet {

template <class T, class E>
class Expected {
public:
    Expected(T value) : state_(std::in_place_index<0>, std::move(value)) {}
    Expected(E error) : state_(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() { return std::get<0>(state_); }
    const T& value() const { return std::get<0>(state_); }
    T& operator*() { return value(); }
    const T& operator*() const { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    E& error() { return std::get<1>(state_); }
    const E& error() const { return std::get<1>(state_); }

private:
    std::variant<T, E> state_;
};

template <class E>
class StatusOf {
public:
    StatusOf() = default;
    StatusOf(E error) : error_(std::move(error)) {}

    bool ok() const { return !error_; }
    explicit operator bool() const { return ok(); }
    E& error() { return *error_; }
    const E& error() const { return *error_; }

private:
    std::optional<E> error_;
};

}  // namespace faaslet
